package io.vamp.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the servers need from this machine: binaries, temporary directories, users, one-shot commands, HTTP. */
final class Hosts {

    /** Where to look for the fix when a binary is missing. */
    static final String INSTALL_HINT = "run .ci/install-test-deps";
    static final String LOOPBACK = "127.0.0.1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Hosts() {
    }

    /**
     * The first of {@code candidates} that is an executable file, else the first executable named {@code name}
     * on the PATH.
     *
     * @throws ServerStartException naming the Debian package to install
     */
    static Path requireBinary(String name, String debianPackage, String... candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                return path;
            }
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path path = Path.of(dir, name);
                if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                    return path;
                }
            }
        }
        throw notInstalled(name, debianPackage);
    }

    static ServerStartException notInstalled(String what, String debianPackage) {
        return new ServerStartException(what + " not found: " + INSTALL_HINT + " (Debian package " + debianPackage
                + ")");
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A fresh directory {@code vamp-<name>-*} under java.io.tmpdir. */
    static Path createTempDir(String name) {
        try {
            return Files.createTempDirectory("vamp-" + name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new ServerStartException("cannot create a temporary directory for " + name + " under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    /** Hands {@code dir} to the system user {@code user} (and its group), so a server running as that user owns it. */
    static void chown(Path dir, String user) {
        try {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName(user));
            GroupPrincipal group = users.lookupPrincipalByGroupName(user);
            view.setGroup(group);
        } catch (IOException e) {
            throw new ServerStartException("cannot hand " + dir + " to user " + user + " (does the user exist? "
                    + INSTALL_HINT + "): " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException e) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Runs a command to completion, its output appended to {@code log}.
     *
     * @return its output
     * @throws ServerStartException if it fails or takes longer than {@code timeout}
     */
    static String run(String what, Path log, Duration timeout, List<String> command) {
        Path output = log.resolveSibling(log.getFileName() + ".cmd");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly();
            }
            String text = Files.readString(output);
            Files.writeString(log, "---- vamp-testing: " + String.join(" ", command) + System.lineSeparator() + text,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.deleteIfExists(output);
            if (!exited) {
                throw new ServerStartException(what + " did not finish within " + timeout.toSeconds() + " s: "
                        + String.join(" ", command) + System.lineSeparator() + text);
            }
            if (process.exitValue() != 0) {
                throw new ServerStartException(what + " failed with exit code " + process.exitValue() + ": "
                        + String.join(" ", command) + System.lineSeparator() + text);
            }
            return text;
        } catch (IOException e) {
            throw new ServerStartException(what + " could not run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException(what + " was interrupted", e);
        }
    }

    /** {@code command} run as system user {@code user} when we are root (setpriv execs it: no extra process). */
    static List<String> asUser(String user, List<String> command) {
        if (!isRoot()) {
            return command;
        }
        Path setpriv = requireBinary("setpriv", "util-linux", "/usr/bin/setpriv");
        List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + user, "--regid=" + user,
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** GET {@code uri}: the body when the answer is 200, else an exception (readiness checks treat it as "not yet"). */
    static String httpGet(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Whether {@code command} exits with 0 (within its own timeouts: readiness probes pass them). */
    static boolean isSuccess(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        return process.waitFor() == 0;
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
