package io.vamp.reconciler.git;

import io.vamp.model.problem.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads one commit's yaml files under the sub-path straight from its tree objects, within the
 * limits. Every offending file is reported, not only the first.
 */
final class RevisionReader {

  private final RevisionLimits limits;

  RevisionReader(RevisionLimits limits) {
    this.limits = limits;
  }

  Revision read(Repository repository, RevCommit commit, String subPath) throws IOException {
    List<Problem> problems = new ArrayList<>();
    TreeMap<String, String> files = new TreeMap<>();
    try (ObjectReader reader = repository.newObjectReader();
        TreeWalk walk = new TreeWalk(repository, reader)) {
      ObjectId root = subtree(reader, commit, subPath);
      walk.addTree(root);
      walk.setRecursive(true);
      long total = 0;
      int seen = 0;
      while (walk.next()) {
        String path = walk.getPathString();
        String shown = subPath.isEmpty() ? path : subPath + "/" + path;
        FileMode mode = walk.getFileMode(0);
        boolean regular = mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        if (!regular || !isYaml(path)) {
          continue; // symlinks and submodules are never followed
        }
        if (++seen > limits.maxFiles()) {
          problems.add(new Problem(displayRoot(subPath), 0, 0, "", "more than "
              + limits.maxFiles() + " yaml files; split the repository or choose a narrower "
              + "sub-path"));
          break;
        }
        ObjectId blob = walk.getObjectId(0);
        long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
        if (size > limits.maxFileBytes()) {
          problems.add(new Problem(shown, 0, 0, "", "file is " + size + " bytes, over the limit of "
              + limits.maxFileBytes() + " bytes"));
          continue;
        }
        total += size;
        if (total > limits.maxTotalBytes()) {
          problems.add(new Problem(displayRoot(subPath), 0, 0, "", "yaml files add up to more "
              + "than " + limits.maxTotalBytes() + " bytes"));
          break;
        }
        byte[] bytes;
        try {
          bytes = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes((int) limits.maxFileBytes());
        } catch (LargeObjectException e) {
          problems.add(new Problem(shown, 0, 0, "", "file is over the limit of "
              + limits.maxFileBytes() + " bytes"));
          continue;
        }
        String text = decode(shown, bytes, problems);
        if (text != null) {
          files.put(path, text);
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Problem.ORDER);
      StringBuilder message = new StringBuilder("commit ").append(commit.name())
          .append(" is refused: ");
      for (int i = 0; i < problems.size(); i++) {
        message.append(i == 0 ? "" : "; ").append(problems.get(i));
      }
      throw new GitSourceException(GitSourceException.Failure.CONTENT_REJECTED,
          message.toString(), problems, null);
    }
    return new Revision(commit.name(), parents(commit), person(commit.getAuthorIdent()),
        person(commit.getCommitterIdent()), commit.getFullMessage(),
        commit.getCommitterIdent().getWhenAsInstant(), subPath, files);
  }

  private static ObjectId subtree(ObjectReader reader, RevCommit commit, String subPath)
      throws IOException {
    if (subPath.isEmpty()) {
      return commit.getTree();
    }
    try (TreeWalk at = TreeWalk.forPath(reader, subPath, commit.getTree())) {
      if (at == null || at.getFileMode(0) != FileMode.TREE) {
        Problem missing = new Problem(subPath, 0, 0, "", at == null
            ? "the sub-path does not exist in this commit"
            : "the sub-path is not a directory in this commit");
        throw new GitSourceException(GitSourceException.Failure.CONTENT_REJECTED,
            "commit " + commit.name() + " is refused: " + missing, List.of(missing), null);
      }
      return at.getObjectId(0);
    }
  }

  static boolean isYaml(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
  }

  /** Strict UTF-8 (a leading byte-order mark dropped), no NUL: else a problem at line:column. */
  static String decode(String path, byte[] bytes, List<Problem> problems) {
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        problems.add(at(path, bytes, start, i, "binary content (a NUL byte); yaml files must be "
            + "UTF-8 text"));
        return null;
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length - start);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      problems.add(at(path, bytes, start, offset, String.format(Locale.ROOT,
          "not valid UTF-8 (byte 0x%02X); yaml files must be UTF-8 text", bytes[offset] & 0xff)));
      return null;
    }
    out.flip();
    return out.toString();
  }

  private static Problem at(String path, byte[] bytes, int start, int offset, String message) {
    int line = 1;
    int column = 1;
    for (int i = start; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
      } else if ((bytes[i] & 0xC0) != 0x80) {
        column++; // count characters, not continuation bytes
      }
    }
    return new Problem(path, line, column, "", message);
  }

  private static String displayRoot(String subPath) {
    return subPath.isEmpty() ? "." : subPath;
  }

  private static List<String> parents(RevCommit commit) {
    List<String> parents = new ArrayList<>(commit.getParentCount());
    for (RevCommit parent : commit.getParents()) {
      parents.add(parent.name());
    }
    return parents;
  }

  private static Person person(PersonIdent ident) {
    return new Person(ident.getName(), ident.getEmailAddress(), ident.getWhenAsInstant());
  }
}
