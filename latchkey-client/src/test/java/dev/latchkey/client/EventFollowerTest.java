package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.testing.FakeServer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed as the follower reads it, from a real HTTP server that sends canned streams: what
 * each event evicts, resuming with {@code Last-Event-ID}, and a reset.
 */
class EventFollowerTest {
  static final String ROOT = "lk_root_" + "A".repeat(38);

  FakeServer server;
  VerdictCache cache;
  EventFollower follower;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    cache =
        new VerdictCache(
            100,
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            Duration.ZERO,
            System::nanoTime,
            Clock.systemUTC());
    Transport transport =
        new Transport(HttpClient.newHttpClient(), server.uri(), ROOT, Duration.ofSeconds(5));
    follower = new EventFollower(transport, cache, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    follower.close();
    server.close();
  }

  static FakeServer.Canned stream(String body) {
    return new FakeServer.Canned(200, "text/event-stream", body, Map.of(), Duration.ZERO);
  }

  static String change(long seq, String type, String id, String kind) {
    return "id: "
        + seq
        + "\nevent: change\ndata: {\"seq\":"
        + seq
        + ",\"type\":\""
        + type
        + "\",\"id\":\""
        + id
        + "\",\"kind\":\""
        + kind
        + "\",\"at\":\"2026-11-28T10:00:00Z\"}\n\n";
  }

  void keep(String secret, String keyId, String consumer) {
    cache.offer(
        VerdictCache.Shape.of(VerifyKey.of(secret, null)),
        new Verdict(
            true,
            VerifyCode.VALID,
            keyId,
            "svc_1",
            consumer,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        cache.now());
  }

  boolean kept(String secret) {
    return cache.get(VerdictCache.Shape.of(VerifyKey.of(secret, null))) != null;
  }

  @Test
  void eachKindOfChangeEvictsWhatItMayHaveChangedAndTheStreamResumesAfterTheLastId()
      throws Exception {
    // The first stream starts afresh: whatever was kept before it is dropped.
    keep("before", "key_0", null);
    server.reply(stream("retry: 1000\n: connected\n\n" + change(6, "key", "key_z", "updated")));
    server.reply(
        new FakeServer.Canned(
            200,
            "text/event-stream",
            ": connected\n\n"
                + change(7, "key", "key_new", "created")
                + change(8, "key", "key_a", "revoked")
                + change(9, "consumer", "con_1", "updated")
                + change(10, "root_key", "root_1", "revoked")
                + ": heartbeat\n\n",
            Map.of(),
            Duration.ofSeconds(1)));
    follower.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !kept("before"));
    keep("a", "key_a", null);
    keep("b", "key_b", "con_1");
    keep("c", "key_c", "con_2");
    keep("d", "key_new", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 3);
    assertThat(kept("a")).as("its key was revoked").isFalse();
    assertThat(kept("b")).as("its consumer changed").isFalse();
    assertThat(kept("c")).as("another consumer").isTrue();
    assertThat(kept("d")).as("created, root key events change no verdict").isTrue();
    // The first connection had no id to give; the next ones resume after the last event seen.
    assertThat(server.requests().get(0).header("Last-Event-ID")).isNull();
    assertThat(server.requests().get(1).header("Last-Event-ID")).isEqualTo("6");
    assertThat(server.requests().get(2).header("Last-Event-ID")).isEqualTo("10");
    assertThat(server.requests().get(2).header("Authorization")).isEqualTo("Bearer " + ROOT);
    assertThat(server.requests().get(2).target()).isEqualTo("/v1/events");
  }

  @Test
  void aResetARoleChangeOrAnUnreadableChangeDropsEverything() throws Exception {
    server.reply(stream(": connected\n\n" + change(1, "key", "key_x", "updated")));
    follower.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 2);
    for (String body :
        new String[] {
          "event: reset\ndata: {\"reason\":\"pruned\"}\n\n",
          change(2, "role", "role_1", "updated"),
          "id: 3\nevent: change\ndata: {not json\n\n"
        }) {
      keep("a", "key_a", null);
      Thread.sleep(2);
      assertThat(kept("a")).isTrue(); // reconnecting with an id drops nothing
      server.reply(stream(body));
      await().atMost(Duration.ofSeconds(10)).until(() -> !kept("a"));
    }
  }

  @Test
  void aRefusedRootKeyIsNotHammered() throws Exception {
    server.problem(403, "{\"title\":\"Forbidden\",\"status\":403}");
    follower.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 1);
    Thread.sleep(1500);
    assertThat(server.requests()).hasSize(1); // the next attempt waits 30 s
    assertThat(follower.following()).isFalse();
  }
}
