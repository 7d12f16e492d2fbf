package io.vamp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed HAProxy binary (Debian's haproxy package). Unlike the other servers, tests need several independent
 * HAProxy instances, usually started by the code under test; {@link #start(String)} starts one for tests that just
 * need a running HAProxy.
 *
 * @param binary  e.g. /usr/sbin/haproxy
 * @param version e.g. {@code 2.6.12-1+deb12u4}
 */
public record Haproxy(Path binary, String version) {

    private static final Pattern VERSION = Pattern.compile("HA-?Proxy version (\\S+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    /** The major.minor part of {@link #version()}, e.g. {@code 2.6}. */
    public String majorMinor() {
        Matcher matcher = Pattern.compile("^(\\d+\\.\\d+)").matcher(version);
        return matcher.find() ? matcher.group(1) : version;
    }

    /**
     * Checks a configuration with {@code haproxy -c}.
     *
     * @return HAProxy's output; empty of errors when valid
     * @throws ServerStartException with HAProxy's message when the configuration is invalid
     */
    public String check(String config) {
        Path dir = Hosts.createTempDir("haproxy-check");
        try {
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, config, StandardCharsets.UTF_8);
            return Hosts.run("haproxy -c", dir.resolve("check.log"), COMMAND_TIMEOUT,
                    List.of(binary.toString(), "-c", "-f", file.toString()));
        } catch (IOException e) {
            throw new ServerStartException("cannot write a config to check in " + dir + ": " + e.getMessage(), e);
        } finally {
            Hosts.deleteRecursively(dir);
        }
    }

    /**
     * Starts a master-worker HAProxy ({@code haproxy -W -S <master socket> -f haproxy.cfg -p haproxy.pid}) in a fresh
     * temporary directory and waits until its first worker runs. The master stays a child of this JVM (no
     * {@code -D}), so its output goes to the log and the JVM's exit stops it.
     *
     * @param config the whole configuration; it must bind only 127.0.0.1 ports, e.g. from {@link FreePorts}, and
     *               must not say {@code daemon} or {@code master-worker}
     */
    public HaproxyInstance start(String config) {
        return HaproxyInstance.start(this, config);
    }

    static Haproxy locate() {
        Path binary = Hosts.requireBinary("haproxy", "haproxy", "/usr/sbin/haproxy");
        Path dir = Hosts.createTempDir("haproxy-version");
        try {
            String output = Hosts.run("haproxy -v", dir.resolve("version.log"), COMMAND_TIMEOUT,
                    List.of(binary.toString(), "-v"));
            Matcher matcher = VERSION.matcher(output);
            if (!matcher.find()) {
                throw new ServerStartException(binary + " -v printed no version: " + output);
            }
            return new Haproxy(binary, matcher.group(1));
        } finally {
            Hosts.deleteRecursively(dir);
        }
    }
}
