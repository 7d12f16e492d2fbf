package io.vamp.driver.spi.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

class SecretMaskingTest {
  private static final String M = "\"********\"";

  private static Object load(String yaml) {
    return new Yaml(new LoaderOptions()).loadAll(yaml).iterator().next();
  }

  @Test
  void secretEnvironmentValuesAreMaskedWhereTheyAreWrittenAndNothingElseChanges() {
    String breed = """
        kind: breed   # the service
        name: sava:1.0.0
        deployable: magneticio/sava:1.0.0
        environment_variables:
          DB_PASSWORD: s3cret        # rotated monthly
          DB_HOST: db.internal
          api_token: 'abc''def'
          PORT: 8080
        """;

    assertThat(SecretMasking.mask(breed)).isEqualTo("""
        kind: breed   # the service
        name: sava:1.0.0
        deployable: magneticio/sava:1.0.0
        environment_variables:
          DB_PASSWORD: "********"        # rotated monthly
          DB_HOST: db.internal
          api_token: "********"
          PORT: 8080
        """);
  }

  @Test
  void everyFormOfAVariableNameAndOfAValueIsCovered() {
    String blueprint = """
        name: sava
        env: { SECRET_KEY: "multi
          line", REGION: eu }
        clusters:
          sava:
            services:
              breed: sava:1.0.0
              environment_variables:
                TOKEN[api_token]: 12345
                sava.PASSWORD: |
                  first line
                  second line
                CREDENTIALS: >
                  folded
                RELEASE_NOTES: |
                  kept
                EMPTY_PASSWORD:
                NULL_PASSWORD: ~
        """;

    assertThat(SecretMasking.mask(blueprint)).isEqualTo("""
        name: sava
        env: { SECRET_KEY: %s, REGION: eu }
        clusters:
          sava:
            services:
              breed: sava:1.0.0
              environment_variables:
                TOKEN[api_token]: %s
                sava.PASSWORD: %s
                CREDENTIALS: %s
                RELEASE_NOTES: |
                  kept
                EMPTY_PASSWORD:
                NULL_PASSWORD: ~
        """.formatted(M, M, M, M));
  }

  @Test
  void aSecretMapOrListIsMaskedWholeAndDialectsAndConstantsToo() {
    String yaml = """
        constants:
          signing_key: k1
        dialects:
          marathon:
            credentials: { user: admin, pass: hunter2 }
            secrets: [ a, b ]
          kubernetes:
            containers:
              - env:
                  - name: DB_PASSWORD
                    value: s3cret
                  - name: PORT
                    value: "80"
        metadata:
          owner: team-a
        """;

    String masked = SecretMasking.mask(yaml);

    assertThat(masked).doesNotContain("k1", "admin", "hunter2", "s3cret").contains("owner: team-a", "value: \"80\"",
        "name: DB_PASSWORD");
    assertThat(load(masked)).isEqualTo(load(yaml.replace("k1", M).replace("admin", M).replace("hunter2", M)
        .replace("[ a, b ]", "[ " + M + ", " + M + " ]").replace("s3cret", M)));
  }

  @Test
  void argumentsOfTheFormNameEqualsValueKeepTheirName() {
    String yaml = """
        arguments:
          - DB_PASSWORD=s3cret
          - "API_TOKEN=abc"
          - PORT=80
          - --verbose
        """;

    assertThat(SecretMasking.mask(yaml)).isEqualTo("""
        arguments:
          - DB_PASSWORD=********
          - "API_TOKEN=********"
          - PORT=80
          - --verbose
        """);
  }

  @Test
  void everyDocumentOfAFileIsMasked() {
    String yaml = "kind: breed\nname: a\nenvironment_variables: { PASSWORD: one }\n---\n"
        + "kind: breed\nname: b\nenvironment_variables: { PASSWORD: two }\n";

    assertThat(SecretMasking.mask(yaml)).isEqualTo("kind: breed\nname: a\nenvironment_variables: { PASSWORD: " + M
        + " }\n---\nkind: breed\nname: b\nenvironment_variables: { PASSWORD: " + M + " }\n");
  }

  @Test
  void aSecretReachedThroughAnAliasIsMaskedWhereItIsDefined() {
    String yaml = "shared: &pw s3cret\nenv:\n  DB_PASSWORD: *pw\n  AGAIN_PASSWORD: *pw\n";

    assertThat(SecretMasking.mask(yaml)).isEqualTo("shared: &pw " + M + "\nenv:\n  DB_PASSWORD: *pw\n"
        + "  AGAIN_PASSWORD: *pw\n");
  }

  @Test
  void aTaggedSecretLosesItsTagAndKeepsItsAnchor() {
    String yaml = "env:\n  PIN_CODE_KEY: !!int 1234\n  SECRET_A: &a !!str x\n  SECRET_B: !!str &b y\nother: [ *a, *b ]\n";

    String masked = SecretMasking.mask(yaml);

    assertThat(masked).isEqualTo("env:\n  PIN_CODE_KEY: " + M + "\n  SECRET_A: &a " + M + "\n  SECRET_B: &b " + M
        + "\nother: [ *a, *b ]\n");
    assertThat(load(masked)).isEqualTo(Map.of("env", Map.of("PIN_CODE_KEY", "********", "SECRET_A", "********",
        "SECRET_B", "********"), "other", List.of("********", "********")));
  }

  @Test
  void textBeforeTheSecretOutsideTheBasicPlaneDoesNotShiftTheMask() {
    String yaml = "name: \"sava 😀 ünïcødé ✓\"\nenv:\n  TOKEN: 😀secret😀\n  NOTE: 😀\n";

    assertThat(SecretMasking.mask(yaml)).isEqualTo("name: \"sava 😀 ünïcødé ✓\"\nenv:\n  TOKEN: " + M
        + "\n  NOTE: 😀\n");
  }

  @Test
  void maskingIsIdempotentAndTextWithoutSecretsIsUnchanged() {
    String yaml = "env:\n  DB_PASSWORD: s3cret\nargs: [ TOKEN=x ]\n";
    String once = SecretMasking.mask(yaml);

    assertThat(SecretMasking.mask(once)).isEqualTo(once);
    String plain = "kind: gateway\nname: sava\nport: 9050/http\nroutes:\n  sava/sava/webport: { weight: 100% }\n";
    assertThat(SecretMasking.mask(plain)).isSameAs(plain);
    assertThat(SecretMasking.mask("")).isEmpty();
  }

  @Test
  void textThatIsNotYamlIsMaskedLineByLine() {
    String broken = "kind: breed\nenv:\n  DB_PASSWORD: s3cret\n  HOST: db\n  [unclosed\nargs:\n  - API_TOKEN=abc\n";

    assertThat(SecretMasking.mask(broken)).isEqualTo("kind: breed\nenv:\n  DB_PASSWORD: " + M
        + "\n  HOST: db\n  [unclosed\nargs:\n  - API_TOKEN=********\n");
  }

  @Test
  void aNameLooksSecretWhenItContainsOneOfTheWordsInAnyCase() {
    assertThat(List.of("DB_PASSWORD", "passwd", "ClientSecret", "GITHUB_TOKEN", "api-key", "monkey", "CREDENTIALS"))
        .allMatch(SecretMasking::looksSecret);
    assertThat(List.of("PORT", "HOST", "JAVA_OPTS", "USER", "pass")).noneMatch(SecretMasking::looksSecret);
  }

  @Test
  void maskAllMasksEachArtifactAndKeepsTheKeys() {
    Map<String, String> masked = SecretMasking.maskAll(Map.of(
        "breed/sava:1.0.0", "env: { TOKEN: t }\n", "deployment/sava", "name: sava\n"));

    assertThat(masked).isEqualTo(Map.of("breed/sava:1.0.0", "env: { TOKEN: " + M + " }\n",
        "deployment/sava", "name: sava\n"));
  }
}
