package io.vamp.model.read;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Kind;
import io.vamp.model.problem.Problems;
import io.vamp.model.yaml.YNode;
import io.vamp.model.yaml.YamlDocuments;
import io.vamp.model.yaml.YamlLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads every YAML file of a repository revision into artifacts: multi-document files, the kind from
 * {@code kind:} or the top-level folder, duplicate names refused, everything strict.
 */
public final class RepositoryReader {
  /** Most files read from one revision. */
  public static final int MAX_FILES = 20_000;

  private final YamlLimits limits;

  public RepositoryReader() {
    this(YamlLimits.DEFAULT);
  }

  public RepositoryReader(YamlLimits limits) {
    this.limits = limits;
  }

  public ReadResult read(List<SourceFile> files) {
    Problems problems = new Problems();
    List<SourceFile> yaml = files.stream().filter(SourceFile::isYaml)
        .sorted(Comparator.comparing(SourceFile::path)).toList();
    if (yaml.size() > MAX_FILES) {
      problems.add(new io.vamp.model.problem.Problem(yaml.get(MAX_FILES).path(), 1, 1, "",
          "the repository has more than " + MAX_FILES + " YAML files"));
      return new ReadResult(List.of(), problems.sorted());
    }
    YamlDocuments parser = new YamlDocuments(limits);
    List<Artifact> artifacts = new ArrayList<>();
    Map<String, Artifact> byKindAndName = new HashMap<>();
    for (SourceFile file : yaml) {
      Optional<Kind> folderKind = folderKind(file.path());
      for (YNode document : parser.parse(file.path(), file.text(), problems)) {
        new ArtifactReader(file.path(), problems).read(document, folderKind).ifPresent(artifact -> {
          String key = artifact.kind() + "/" + artifact.name();
          Artifact first = byKindAndName.putIfAbsent(key, artifact);
          if (first != null) {
            problems.add(artifact.position(), "name", "duplicate " + artifact.kind().dsl() + " name '"
                + artifact.name() + "': already defined at " + first.position());
          } else {
            artifacts.add(artifact);
          }
        });
      }
    }
    return new ReadResult(artifacts, problems.sorted());
  }

  /**
   * Reads the YAML files under a directory (hidden files and folders skipped). A file that cannot be
   * read or is not UTF-8 text is a problem like any other.
   */
  public ReadResult read(Path root) {
    List<io.vamp.model.problem.Problem> unreadable = new ArrayList<>();
    List<SourceFile> files = sourceFiles(root, unreadable);
    ReadResult result = read(files);
    if (unreadable.isEmpty()) {
      return result;
    }
    Problems all = new Problems();
    all.addAll(unreadable);
    all.addAll(result.problems());
    return new ReadResult(result.artifacts(), all.sorted());
  }

  /** The YAML files under {@code root} as UTF-8 text; unreadable files throw. */
  public static List<SourceFile> sourceFiles(Path root) {
    List<io.vamp.model.problem.Problem> unreadable = new ArrayList<>();
    List<SourceFile> files = sourceFiles(root, unreadable);
    if (!unreadable.isEmpty()) {
      throw new UncheckedIOException(new IOException(unreadable.get(0).toString()));
    }
    return files;
  }

  private static List<SourceFile> sourceFiles(Path root, List<io.vamp.model.problem.Problem> unreadable) {
    if (!Files.isDirectory(root)) {
      unreadable.add(new io.vamp.model.problem.Problem(root.toString(), 0, 0, "", "not a directory"));
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<SourceFile> files = new ArrayList<>();
      for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        if (isHidden(relative) || !new SourceFile(relative, "").isYaml()) {
          continue;
        }
        try {
          files.add(new SourceFile(relative, utf8(Files.readAllBytes(path), relative)));
        } catch (IOException | UncheckedIOException e) {
          unreadable.add(new io.vamp.model.problem.Problem(relative, 1, 1, "", "cannot read: "
              + (e.getCause() instanceof CharacterCodingException ? "not UTF-8 text" : e.getMessage())));
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Decodes strictly; a file that is not UTF-8 keeps a marker the YAML parser reports. */
  static String utf8(byte[] bytes, String name) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UncheckedIOException(name + " is not UTF-8 text", e);
    }
  }

  private static Optional<Kind> folderKind(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? Optional.empty() : Kind.ofFolder(path.substring(0, slash));
  }
}
