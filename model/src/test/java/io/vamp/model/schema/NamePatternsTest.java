package io.vamp.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.read.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The schema's copies of the name rules accept exactly what {@link Names} accepts. */
class NamePatternsTest {
  private static final List<String> SAMPLES = List.of(
      "", "a", "A", "0", "_", "-", ".", ":", "*", "a*", "sava", "sava:1.0.0", "sava:1.*", "ledger-db:1.4.2",
      "my_breed", "_private", "-dash", ".dot", "a..b", "a.b", "a/b", "a b", "a\tb", "a\nb", "ä", "Z9", "9Z",
      "web-1", "web_1", "web.1", "PORT", "port_2", "DB_URL", "1ABC", "a-", "a.", "a:", "a%", "a$", "a#b",
      "team/owner", "app.kubernetes.io/name", "x".repeat(63), "x".repeat(64), "x".repeat(128), "x".repeat(129),
      "x".repeat(253), "x".repeat(255), "x".repeat(256), "a".repeat(62) + "-", "example.com", "*.example.com",
      "10.0.0.1", "a.-b", "a-.b", "-a.b", "a..", "xn--bcher-kva.example");

  @Test
  void artifactNames() {
    agree(NamePatterns.ARTIFACT, Names::artifact);
  }

  @Test
  void clusterNames() {
    agree(NamePatterns.CLUSTER, Names::cluster);
  }

  @Test
  void portConstantAndArgumentNames() {
    agree(NamePatterns.TRAIT, name -> Names.trait("port", name));
  }

  @Test
  void environmentVariableNames() {
    agree(NamePatterns.ENV, Names::environmentVariable);
  }

  @Test
  void metadataKeys() {
    agree(NamePatterns.METADATA_KEY, Names::metadataKey);
  }

  @Test
  void hostNamesAgreeExceptForLengthAndIpv4Octets() {
    Pattern host = Pattern.compile(NamePatterns.HOST);
    Pattern virtualHost = Pattern.compile(NamePatterns.VIRTUAL_HOST);
    for (String name : candidates()) {
      boolean ipv4Looking = name.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
      if (name.length() > 253 || ipv4Looking) {
        // looser on purpose: never refuses what the reader accepts
        if (Names.host(name).isEmpty()) {
          assertThat(host.matcher(name).find()).as(name).isTrue();
        }
        continue;
      }
      assertThat(host.matcher(name).find()).as("host %s", printable(name)).isEqualTo(Names.host(name).isEmpty());
      assertThat(virtualHost.matcher(name).find()).as("virtual host %s", printable(name))
          .isEqualTo(Names.virtualHost(name).isEmpty());
    }
  }

  private static void agree(String regex, Function<String, Optional<String>> names) {
    Pattern pattern = Pattern.compile(regex);
    for (String name : candidates()) {
      // JSON Schema patterns are searched, not matched: the anchors must do the work
      assertThat(pattern.matcher(name).find()).as("%s on '%s'", regex, printable(name))
          .isEqualTo(names.apply(name).isEmpty());
    }
  }

  /** The samples, and random strings over the characters names are made of and a few they must not have. */
  private static List<String> candidates() {
    List<String> all = new ArrayList<>(SAMPLES);
    String alphabet = "aZ09._:-/*# \n\u00e4$[]";
    Random random = new Random(42);
    for (int i = 0; i < 5000; i++) {
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(8);
      for (int j = 0; j < length; j++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      all.add(name.toString());
    }
    return all;
  }

  private static String printable(String text) {
    return text.replace("\n", "\\n").replace("\t", "\\t");
  }
}
