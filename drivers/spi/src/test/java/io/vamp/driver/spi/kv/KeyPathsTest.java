package io.vamp.driver.spi.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPathsTest {

  @ParameterizedTest
  @ValueSource(strings = {"/a", "/a/b", "/vamp/default/gateways/haproxy/2.6/configuration", "/a b/ü:c", "/.x/..y"})
  void validKeysAreAccepted(String key) {
    assertThat(KeyPaths.requireKey(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "a/b", "/", "/a/", "//a", "/a//b", "/./a", "/a/..", "/a\tb", "/a\u0000"})
  void invalidKeysAreRefusedWithTheReason(String key) {
    assertThatThrownBy(() -> KeyPaths.requireKey(key))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid key");
  }

  @ParameterizedTest
  @CsvSource({"/,/", "/a,/a", "/a/,/a", "/a/b/,/a/b"})
  void prefixesAreNormalized(String prefix, String normalized) {
    assertThat(KeyPaths.normalizePrefix(prefix)).isEqualTo(normalized);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "//", "/a//", "/a//b"})
  void invalidPrefixesAreRefused(String prefix) {
    assertThatThrownBy(() -> KeyPaths.normalizePrefix(prefix)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
      "/a/b, /a/b, true",
      "/a/b/c, /a/b, true",
      "/a/bc, /a/b, false",
      "/a/b-c, /a/b, false",
      "/a, /a/b, false",
      "/anything, /, true"})
  void aKeyIsUnderAPrefixOnlyAlongPathSegments(String key, String prefix, boolean under) {
    assertThat(KeyPaths.isUnder(key, prefix)).isEqualTo(under);
  }
}
