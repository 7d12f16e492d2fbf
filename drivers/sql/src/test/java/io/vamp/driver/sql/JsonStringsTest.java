package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonStringsTest {

  @Test
  void tagsBecomeAReadableJsonArray() {
    assertThat(JsonStrings.encode(List.of("deployments", "deployments:sava"))).isEqualTo("[\"deployments\",\"deployments:sava\"]");
    assertThat(JsonStrings.encode(List.of())).isEqualTo("[]");
  }

  @Test
  void anyStringRoundTrips() {
    List<String> awkward = List.of("", "quote\"", "back\\slash", "new\nline", "tab\t", "\u0001control", "ünïcødé ✓ 🚀", ",]\"[");

    assertThat(JsonStrings.decode(JsonStrings.encode(awkward))).isEqualTo(awkward);
  }

  @Test
  void whitespaceAndEscapesOtherToolsWriteAreRead() {
    assertThat(JsonStrings.decode(" [ \"a\" , \"b\\u00e9\\/\" ] ")).containsExactly("a", "bé/");
    assertThat(JsonStrings.decode("[]")).isEmpty();
  }

  @Test
  void somethingElseIsRefused() {
    for (String bad : List.of("", "[", "[\"a\"", "[\"a\",]", "[1]", "{}", "[\"a\"] x", "[\"\\x\"]", "[\"\\u12\"]")) {
      assertThatThrownBy(() -> JsonStrings.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
