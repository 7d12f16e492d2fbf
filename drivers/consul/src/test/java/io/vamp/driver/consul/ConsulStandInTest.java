package io.vamp.driver.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in does what Consul's HTTP API documentation says, checked over raw HTTP: the driver's Consul
 * results are only as good as this.
 */
class ConsulStandInTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConsulStandIn consul = ConsulStandIn.launch();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    consul.close();
  }

  private record Reply(int status, String body, Optional<Long> index) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private Reply call(String method, String pathAndQuery, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(consul.address() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body(),
        response.headers().firstValue("X-Consul-Index").map(Long::parseLong));
  }

  private long modifyIndex(String key) throws Exception {
    return call("GET", "/v1/kv/" + key, null).json().get(0).get("ModifyIndex").asLong();
  }

  private String session(String body) throws Exception {
    return call("PUT", "/v1/session/create", body).json().get("ID").asText();
  }

  @Test
  void aReadOfAnAbsentKeyIs404WithAnIndexAndValuesComeBase64Encoded() throws Exception {
    Reply absent = call("GET", "/v1/kv/nothing", null);
    assertThat(absent.status()).isEqualTo(404);
    assertThat(absent.index()).hasValueSatisfying(i -> assertThat(i).isPositive());

    assertThat(call("PUT", "/v1/kv/web/config", "ünï").body()).isEqualTo("true");
    JsonNode entry = call("GET", "/v1/kv/web/config", null).json().get(0);
    assertThat(new String(Base64.getDecoder().decode(entry.get("Value").asText()), StandardCharsets.UTF_8))
        .isEqualTo("ünï");
    assertThat(entry.get("CreateIndex").asLong()).isEqualTo(entry.get("ModifyIndex").asLong());
    call("PUT", "/v1/kv/web/empty", "");
    assertThat(call("GET", "/v1/kv/web/empty", null).json().get(0).get("Value").isNull()).isTrue();
  }

  @Test
  void aWriteThatChangesNothingKeepsItsModifyIndexAndNewFlagsMakeItAWrite() throws Exception {
    call("PUT", "/v1/kv/k?flags=1", "v");
    long first = modifyIndex("k");

    call("PUT", "/v1/kv/k?flags=1", "v");
    assertThat(modifyIndex("k")).isEqualTo(first);

    call("PUT", "/v1/kv/k?flags=2", "v");
    assertThat(modifyIndex("k")).isGreaterThan(first);
  }

  @Test
  void casZeroCreatesOnlyAndAStaleIndexIsRefused() throws Exception {
    assertThat(call("PUT", "/v1/kv/k?cas=0", "a").body()).isEqualTo("true");
    assertThat(call("PUT", "/v1/kv/k?cas=0", "b").body()).isEqualTo("false");
    long index = modifyIndex("k");
    assertThat(call("PUT", "/v1/kv/k?cas=" + (index - 1), "c").body()).isEqualTo("false");
    assertThat(call("PUT", "/v1/kv/k?cas=" + index, "d").body()).isEqualTo("true");
    assertThat(call("DELETE", "/v1/kv/k?cas=0", null).body()).isEqualTo("false");
    assertThat(call("GET", "/v1/kv/k", null).status()).isEqualTo(200);
    assertThat(call("DELETE", "/v1/kv/k?cas=" + modifyIndex("k"), null).body()).isEqualTo("true");
    assertThat(call("GET", "/v1/kv/k", null).status()).isEqualTo(404);
  }

  @Test
  void recurseListsAPrefixAndItsIndexNeverGoesBackAfterADeletion() throws Exception {
    call("PUT", "/v1/kv/p/a", "1");
    call("PUT", "/v1/kv/p/b", "2");
    call("PUT", "/v1/kv/q", "3");
    Reply list = call("GET", "/v1/kv/p/?recurse", null);
    assertThat(list.json().size()).isEqualTo(2);
    long before = list.index().orElseThrow();

    call("DELETE", "/v1/kv/p/b", null);

    Reply after = call("GET", "/v1/kv/p/?recurse", null);
    assertThat(after.json().size()).isEqualTo(1);
    assertThat(after.index().orElseThrow()).isGreaterThan(before);
    assertThat(call("GET", "/v1/kv/nothing/?recurse", null).status()).isEqualTo(404);
  }

  @Test
  void aBlockingQueryReturnsWhenTheKeyChangesOrAtTheTimeoutWithTheSameIndex() throws Exception {
    call("PUT", "/v1/kv/watched", "1");
    long index = call("GET", "/v1/kv/watched", null).index().orElseThrow();

    long started = System.nanoTime();
    Reply timedOut = call("GET", "/v1/kv/watched?index=" + index + "&wait=1s", null);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(timedOut.index()).contains(index);
    assertThat(millis).isBetween(950L, 1500L);

    CompletableFuture<Reply> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return call("GET", "/v1/kv/watched?index=" + index + "&wait=30s", null);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    call("PUT", "/v1/kv/watched", "2");
    Reply changed = blocked.get(10, TimeUnit.SECONDS);
    assertThat(changed.index().orElseThrow()).isGreaterThan(index);
    assertThat(changed.json().get(0).get("Value").asText())
        .isEqualTo(Base64.getEncoder().encodeToString("2".getBytes()));

    // one key's index is the whole KV table's: after a write elsewhere, an old index returns at once
    long latest = changed.index().orElseThrow();
    call("PUT", "/v1/kv/other", "unrelated");
    long before = System.nanoTime();
    Reply early = call("GET", "/v1/kv/watched?index=" + latest + "&wait=30s", null);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(5000);
    assertThat(early.index().orElseThrow()).isGreaterThan(latest);
  }

  @Test
  void acquireCountsLockIndexReleaseWritesTheBodyAndAnotherSessionIsRefused() throws Exception {
    String s1 = session("{\"TTL\":\"10s\",\"LockDelay\":\"0s\"}");
    String s2 = session("{\"TTL\":\"10s\"}");

    assertThat(call("PUT", "/v1/kv/lock?acquire=" + s1, "one").body()).isEqualTo("true");
    assertThat(call("PUT", "/v1/kv/lock?acquire=" + s1, "again").body()).isEqualTo("true");
    JsonNode held = call("GET", "/v1/kv/lock", null).json().get(0);
    assertThat(held.get("LockIndex").asLong()).isEqualTo(1);
    assertThat(held.get("Session").asText()).isEqualTo(s1);
    assertThat(call("PUT", "/v1/kv/lock?acquire=" + s2, "two").body()).isEqualTo("false");
    assertThat(call("PUT", "/v1/kv/lock", "plain write keeps the holder").body()).isEqualTo("true");
    assertThat(call("GET", "/v1/kv/lock", null).json().get(0).get("Session").asText()).isEqualTo(s1);

    assertThat(call("PUT", "/v1/kv/lock?release=" + s2, "x").body()).isEqualTo("false");
    assertThat(call("PUT", "/v1/kv/lock?release=" + s1, "released").body()).isEqualTo("true");
    JsonNode released = call("GET", "/v1/kv/lock", null).json().get(0);
    assertThat(released.has("Session")).isFalse();
    assertThat(new String(Base64.getDecoder().decode(released.get("Value").asText()))).isEqualTo("released");
    assertThat(call("PUT", "/v1/kv/lock?acquire=" + s2, "two").body()).isEqualTo("true");
    assertThat(call("GET", "/v1/kv/lock", null).json().get(0).get("LockIndex").asLong()).isEqualTo(2);

    Reply invalid = call("PUT", "/v1/kv/lock2?acquire=00000000-0000-0000-0000-000000000000", "x");
    assertThat(invalid.status()).isEqualTo(500);
    assertThat(invalid.body()).contains("invalid session");
  }

  @Test
  void destroyingASessionDeletesItsKeysAndPutsThemInLockDelay() throws Exception {
    String owner = session("{\"TTL\":\"10s\",\"Behavior\":\"delete\",\"LockDelay\":\"1s\"}");
    String other = session("{\"TTL\":\"10s\"}");
    call("PUT", "/v1/kv/agent?acquire=" + owner, "alive");

    assertThat(call("PUT", "/v1/session/destroy/" + owner, null).body()).isEqualTo("true");

    assertThat(call("GET", "/v1/kv/agent", null).status()).isEqualTo(404);
    assertThat(call("PUT", "/v1/kv/agent?acquire=" + other, "mine").body()).as("in lock-delay").isEqualTo("false");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> call("PUT", "/v1/kv/agent?acquire=" + other, "mine").body().equals("true"));
    assertThat(call("PUT", "/v1/session/renew/" + owner, null).status()).isEqualTo(404);
    assertThat(call("PUT", "/v1/session/destroy/" + owner, null).body()).as("idempotent").isEqualTo("true");
    assertThat(call("GET", "/v1/session/info/" + owner, null).body()).isEqualTo("[]");
  }

  @Test
  void sessionsCheckTheirTtlBehaviorAndLockDelay() throws Exception {
    assertThat(call("PUT", "/v1/session/create", "{\"TTL\":\"5s\"}").status()).isEqualTo(400);
    assertThat(call("PUT", "/v1/session/create", "{\"TTL\":\"25h\"}").status()).isEqualTo(400);
    assertThat(call("PUT", "/v1/session/create", "{\"Behavior\":\"explode\"}").status()).isEqualTo(400);
    String numeric = session("{\"LockDelay\":3}");
    assertThat(call("GET", "/v1/session/info/" + numeric, null).json().get(0).get("LockDelay").asLong())
        .as("a number below 1000 is seconds").isEqualTo(3_000_000_000L);
    String byDefault = session("{}");
    JsonNode info = call("GET", "/v1/session/info/" + byDefault, null).json().get(0);
    assertThat(info.get("LockDelay").asLong()).isEqualTo(15_000_000_000L);
    assertThat(info.get("Behavior").asText()).isEqualTo("release");
    assertThat(call("PUT", "/v1/session/renew/" + byDefault, null).json().get(0).get("ID").asText())
        .isEqualTo(byDefault);
    assertThat(call("PUT", "/v1/session/renew/not-a-uuid", null).status()).isEqualTo(400);
  }

  @Test
  void aTransactionIsAllOrNothingAndSetResultsCarryTheNewIndexWithoutTheValue() throws Exception {
    call("PUT", "/v1/kv/t/a", "old");
    String ok = "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/b\",\"Value\":\"" + b64("new") + "\",\"Flags\":7}}]";
    Reply applied = call("PUT", "/v1/txn", ok);
    assertThat(applied.status()).isEqualTo(200);
    JsonNode result = applied.json().get("Results").get(0).get("KV");
    assertThat(result.get("Value").isNull()).isTrue();
    assertThat(result.get("ModifyIndex").asLong()).isEqualTo(modifyIndex("t/b"));

    String failing = "[{\"KV\":{\"Verb\":\"set\",\"Key\":\"t/a\",\"Value\":\"" + b64("changed") + "\"}},"
        + "{\"KV\":{\"Verb\":\"get\",\"Key\":\"t/missing\"}}]";
    Reply rolledBack = call("PUT", "/v1/txn", failing);
    assertThat(rolledBack.status()).isEqualTo(409);
    assertThat(rolledBack.json().get("Errors").get(0).get("OpIndex").asInt()).isEqualTo(1);
    String value = call("GET", "/v1/kv/t/a", null).json().get(0).get("Value").asText();
    assertThat(new String(Base64.getDecoder().decode(value))).isEqualTo("old");
  }

  @Test
  void valuesOver512KiBAreRefused() throws Exception {
    assertThat(call("PUT", "/v1/kv/big", "x".repeat(ConsulStandIn.MAX_VALUE_BYTES + 1)).status()).isEqualTo(413);
    assertThat(call("PUT", "/v1/kv/big", "x".repeat(ConsulStandIn.MAX_VALUE_BYTES)).status()).isEqualTo(200);
  }

  @Test
  void aRequiredTokenRefusesRequestsWithoutIt() throws Exception {
    try (ConsulStandIn guarded = ConsulStandIn.launch(Optional.of("s3cret"), Optional.empty())) {
      HttpRequest anonymous = HttpRequest.newBuilder(URI.create(guarded.address() + "/v1/kv/k")).build();
      HttpRequest wrong = HttpRequest.newBuilder(URI.create(guarded.address() + "/v1/kv/k"))
          .header("X-Consul-Token", "nope").build();
      HttpRequest right = HttpRequest.newBuilder(URI.create(guarded.address() + "/v1/kv/k"))
          .header("X-Consul-Token", "s3cret").build();

      assertThat(http.send(anonymous, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("Permission denied");
      assertThat(http.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
      assertThat(http.send(right, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
