package io.vamp.reconciler.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTest {

  private static final byte[] SECRET =
      "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  private final WebhookVerifier verifier = new WebhookVerifier(SECRET);

  /** GitHub's documented example: this secret and body give this signature. */
  private static final String GITHUB_EXAMPLE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private static String sign(byte[] secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static Map<String, List<String>> header(String name, String value) {
    return Map.of(name, List.of(value));
  }

  private static String reason(Verification v) {
    assertThat(v).isInstanceOf(Verification.Rejected.class);
    return ((Verification.Rejected) v).reason();
  }

  @Test
  void githubSignatureOfTheDocumentedExampleIsAccepted() {
    assertThat(verifier.verify(header("X-Hub-Signature-256", GITHUB_EXAMPLE), BODY))
        .isEqualTo(new Verification.Accepted(Provider.GITHUB));
  }

  @Test
  void githubSignatureWithTheWrongSecretOrATamperedBodyIsRejected() throws Exception {
    String wrongSecret = sign("another secret".getBytes(StandardCharsets.UTF_8), BODY);
    assertThat(reason(verifier.verify(header("X-Hub-Signature-256", wrongSecret), BODY)))
        .isEqualTo("X-Hub-Signature-256 does not match the body and the secret");
    byte[] tampered = "Hello, World?".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.verify(header("X-Hub-Signature-256", GITHUB_EXAMPLE), tampered).accepted())
        .isFalse();
  }

  @Test
  void githubSha1HeaderAloneIsNotEnough() {
    assertThat(reason(verifier.verify(header("X-Hub-Signature", "sha1=abc"), BODY)))
        .contains("X-Hub-Signature-256 is required");
  }

  @Test
  void gitlabTokenEqualToTheSecretIsAccepted() {
    assertThat(verifier.verify(header("X-Gitlab-Token", "It's a Secret to Everybody"), BODY))
        .isEqualTo(new Verification.Accepted(Provider.GITLAB));
  }

  @ParameterizedTest
  @ValueSource(strings = {"It's a Secret to Everybod", "It's a Secret to Everybody!", "",
      "it's a secret to everybody"})
  void gitlabTokenThatDiffersInAnyWayIsRejected(String token) {
    assertThat(reason(verifier.verify(header("X-Gitlab-Token", token), BODY)))
        .isEqualTo("X-Gitlab-Token does not match the secret");
  }

  @Test
  void genericHmacHeaderIsAcceptedAndCheckedAgainstTheBody() throws Exception {
    String signature = sign(SECRET, BODY);
    assertThat(verifier.verify(header("X-Vamp-Signature", signature), BODY))
        .isEqualTo(new Verification.Accepted(Provider.GENERIC));
    assertThat(verifier.verify(header("X-Vamp-Signature", signature), new byte[0]).accepted())
        .isFalse();
    assertThat(verifier.verify(header("X-Vamp-Signature", sign("x".getBytes(
        StandardCharsets.UTF_8), BODY)), BODY).accepted()).isFalse();
  }

  @Test
  void emptyBodyIsSignedLikeAnyOther() throws Exception {
    assertThat(verifier.verify(header("X-Vamp-Signature", sign(SECRET, new byte[0])),
        new byte[0]).accepted()).isTrue();
  }

  @Test
  void headerNamesAreCaseInsensitiveAndHexMayBeUpperCase() {
    assertThat(verifier.verify(header("x-hub-signature-256", GITHUB_EXAMPLE), BODY).accepted())
        .isTrue();
    assertThat(verifier.verify(header("X-HUB-SIGNATURE-256",
        GITHUB_EXAMPLE.toUpperCase(Locale.ROOT)), BODY).accepted()).isTrue();
    assertThat(verifier.verify(header("x-gitlab-token", "It's a Secret to Everybody"), BODY))
        .isEqualTo(new Verification.Accepted(Provider.GITLAB));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e177",
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043ezz",
      "sha256=",
      "",
      "sha256=+57107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"})
  void malformedSignaturesAreRejectedAsMalformed(String value) {
    assertThat(reason(verifier.verify(header("X-Hub-Signature-256", value), BODY)))
        .isEqualTo("X-Hub-Signature-256 is malformed (expected sha256= and 64 hex digits)");
    assertThat(reason(verifier.verify(header("X-Vamp-Signature", value), BODY)))
        .contains("malformed");
  }

  @Test
  void missingSignatureIsRejectedNamingTheExpectedHeaders() {
    assertThat(reason(verifier.verify(Map.of("Content-Type", List.of("application/json")), BODY)))
        .isEqualTo("no signature header (expected one of [X-Hub-Signature-256, X-Gitlab-Token, "
            + "X-Vamp-Signature])");
    assertThat(verifier.verify(Map.of(), BODY).accepted()).isFalse();
  }

  @Test
  void aRepeatedHeaderOrTwoProvidersAtOnceAreRejected() {
    assertThat(reason(verifier.verify(Map.of("X-Hub-Signature-256",
        List.of(GITHUB_EXAMPLE, GITHUB_EXAMPLE)), BODY))).contains("sent 2 times");
    Map<String, List<String>> split = new LinkedHashMap<>();
    split.put("X-Hub-Signature-256", List.of(GITHUB_EXAMPLE));
    split.put("x-hub-signature-256", List.of("sha256=00"));
    assertThat(verifier.verify(split, BODY).accepted()).isFalse();
    Map<String, List<String>> two = new LinkedHashMap<>();
    two.put("X-Hub-Signature-256", List.of(GITHUB_EXAMPLE));
    two.put("X-Gitlab-Token", List.of("It's a Secret to Everybody"));
    assertThat(reason(verifier.verify(two, BODY))).contains("more than one signature header");
  }

  @Test
  void disabledProvidersAreRejectedEvenWithAValidProof() {
    WebhookVerifier githubOnly = new WebhookVerifier(SECRET, EnumSet.of(Provider.GITHUB));
    assertThat(reason(githubOnly.verify(header("X-Gitlab-Token", "It's a Secret to Everybody"),
        BODY))).isEqualTo("X-Gitlab-Token is not accepted here");
    assertThat(githubOnly.verify(header("X-Hub-Signature-256", GITHUB_EXAMPLE), BODY).accepted())
        .isTrue();
  }

  @Test
  void theSecretIsCopiedAndNeverShown() throws Exception {
    byte[] secret = SECRET.clone();
    WebhookVerifier copy = new WebhookVerifier(secret);
    java.util.Arrays.fill(secret, (byte) 0);

    assertThat(copy.verify(header("X-Hub-Signature-256", GITHUB_EXAMPLE), BODY).accepted())
        .isTrue();
    assertThat(copy.toString()).doesNotContain("Secret to Everybody").contains("***");
    String rejection = reason(copy.verify(header("X-Gitlab-Token", "guess"), BODY));
    assertThat(rejection).doesNotContain("Secret to Everybody").doesNotContain(
        sign(SECRET, BODY).substring(7));
  }

  @Test
  void anEmptySecretIsRefused() {
    assertThatThrownBy(() -> new WebhookVerifier(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
