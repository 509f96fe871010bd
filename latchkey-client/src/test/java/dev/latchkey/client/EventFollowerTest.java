package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.testing.FakeServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed as the follower reads it: each event's effect on the kept verdicts, read from a
 * stream directly; and over HTTP from a real server sending canned streams: resuming with {@code
 * Last-Event-ID}, refusals, a response that is no event stream, and closing.
 */
class EventFollowerTest {
  static final String ROOT = "lk_root_" + "A".repeat(38);

  FakeServer server;
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  VerdictCache cache;
  EventFollower follower;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    cache =
        new VerdictCache(
            100, Duration.ofMinutes(5), Duration.ofSeconds(30), nanos::get, Clock.systemUTC());
    follower = follower(server.uri());
  }

  EventFollower follower(URI uri) {
    return new EventFollower(
        HttpLatchkeyClient.streamTransport(uri, ROOT, Duration.ofSeconds(5)),
        cache,
        Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    follower.close();
    server.close();
  }

  static FakeServer.Canned stream(String body) {
    return new FakeServer.Canned(200, "text/event-stream", body, Map.of(), Duration.ZERO);
  }

  static String ready(long seq) {
    return "id: " + seq + "\nevent: ready\ndata: {\"position\":" + seq + "}\n\n";
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

  void keep(String secret, String keyId, String consumer, long position) {
    cache.offer(
        VerdictCache.Shape.of(VerifyKey.of(secret, null)),
        VerdictCacheTest.valid(keyId, consumer, position),
        cache.now());
  }

  boolean kept(String secret) {
    return cache.get(VerdictCache.Shape.of(VerifyKey.of(secret, null))) != null;
  }

  void read(String text) throws IOException {
    follower.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFreshStreamRefusesVerdictsFromBeforeItsStartAndAResumedOneDoesNot() throws IOException {
    keep("old", "key_o", null, 4);
    keep("current", "key_c", null, 5);
    read(": connected\n\n" + ready(5));
    assertThat(kept("old")).as("from before the stream's start").isFalse();
    assertThat(kept("current")).isTrue();
    keep("old", "key_o", null, 4); // from a node behind the stream's start
    assertThat(kept("old")).isFalse();
    keep("next", "key_n", null, 6);
    read(ready(5)); // resumed where asked (after the last id, 5): it missed nothing
    assertThat(kept("next")).isTrue();
    assertThat(kept("current")).isTrue();
  }

  @Test
  void eachKindOfChangeEvictsWhatItMayHaveChanged() throws IOException {
    read(ready(6));
    keep("a", "key_a", null, 6);
    keep("b", "key_b", "con_1", 6);
    keep("c", "key_c", "con_2", 6);
    keep("d", "key_new", null, 6);
    keep("e", "key_e", null, 8);
    read(
        change(7, "key", "key_new", "created")
            + change(8, "key", "key_a", "revoked")
            + change(8, "key", "key_e", "updated")
            + change(9, "consumer", "con_1", "updated")
            + change(10, "root_key", "root_1", "created"));
    assertThat(kept("a")).as("its key was revoked").isFalse();
    assertThat(kept("b")).as("its consumer changed").isFalse();
    assertThat(kept("c")).as("another consumer").isTrue();
    assertThat(kept("d")).as("created events change no verdict").isTrue();
    assertThat(kept("e")).as("the verdict already reflects the change").isTrue();
  }

  @Test
  void alertAndWebhookChanges_evictNothing() throws IOException {
    read(ready(6));
    keep("a", "key_a", "con_1", 6);
    read(
        change(7, "alert", "alert_1", "acknowledged")
            + change(8, "alert_rule", "secret_leaked", "updated")
            + change(9, "webhook", "wh_1", "deleted"));
    assertThat(kept("a")).isTrue();
  }

  @Test
  void aResetARoleAServiceARootKeyAnUnknownTypeOrAnUnreadableChangeEndsEverythingBeforeIt()
      throws IOException {
    read(ready(1));
    String[] bodies = {
      "id: 2\nevent: reset\ndata: {\"position\":2,\"reason\":\"pruned\"}\n\n",
      change(3, "role", "role_1", "updated"),
      change(4, "service", "svc_1", "updated"),
      change(5, "root_key", "root_1", "revoked"),
      change(6, "gizmo", "gzm_1", "created"),
      "id: 7\nevent: change\ndata: {not json\n\n",
      change(8, "workspace", "ws_1", "updated")
    };
    for (int i = 0; i < bodies.length; i++) {
      nanos.incrementAndGet(); // fetched after the previous event was read
      keep("a", "key_a", null, i + 1);
      keep("later", "key_l", null, i + 2);
      read(bodies[i]);
      assertThat(kept("a")).as(bodies[i]).isFalse();
      // A reset drops everything: after a restore, positions from before mean nothing.
      assertThat(kept("later")).as("reflects %s", bodies[i]).isEqualTo(i > 0);
    }
  }

  @Test
  void onlyAHeartbeatVouchesThatNothingElseChanged() throws IOException {
    keep("a", "key_a", null, 5);
    read(ready(5) + ": connected\n\n" + change(6, "key", "key_x", "updated"));
    assertThat(cache.lastHeard()).isEqualTo(Long.MIN_VALUE);
    nanos.addAndGet(1_000);
    read(": heartbeat\n\n");
    assertThat(cache.lastHeard()).isEqualTo(nanos.get());
  }

  @Test
  void anOverlongLineOrEventIsAProtocolError() {
    assertThatThrownBy(() -> read(": " + "x".repeat(70_000) + "\n\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line of more than");
    String chunk = "data: " + "y".repeat(40_000) + "\n";
    assertThatThrownBy(() -> read("event: change\n" + chunk + chunk + "\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("event of more than");
  }

  @Test
  void linesMayEndWithCrLfOrCr() throws IOException {
    keep("a", "key_a", null, 6);
    read(
        "id: 6\r\nevent: ready\r\ndata: {}\r\n\r\n"
            + "id: 7\revent: change\r"
            + "data: "
            + "{\"seq\":7,\"type\":\"key\",\"id\":\"key_a\",\"kind\":\"revoked\"}\r\r");
    assertThat(kept("a")).isFalse();
  }

  @Test
  void anEventWithoutANumericIdIsAProtocolError() {
    assertThatThrownBy(() -> read("event: change\ndata: {}\n\n")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("id: x1\nevent: reset\ndata: {}\n\n"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void overHttpTheStreamResumesAfterTheLastIdSeen() {
    server.reply(stream("retry: 1000\n: connected\n\n" + ready(6)));
    server.reply(
        new FakeServer.Canned(
            200,
            "text/event-stream; charset=utf-8",
            ready(6) + change(8, "key", "key_a", "revoked") + ": heartbeat\n\n",
            Map.of(),
            Duration.ofMillis(300)));
    follower.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 3);
    // The first connection had no id to give; the next ones resume after the last event seen.
    assertThat(server.requests().get(0).header("Last-Event-ID")).isNull();
    assertThat(server.requests().get(1).header("Last-Event-ID")).isEqualTo("6");
    assertThat(server.requests().get(2).header("Last-Event-ID")).isEqualTo("8");
    assertThat(server.requests().get(2).header("Authorization")).isEqualTo("Bearer " + ROOT);
    assertThat(server.requests().get(2).header("Accept")).isEqualTo("text/event-stream");
    assertThat(server.requests().get(2).target()).isEqualTo("/v1/events");
  }

  @Test
  void aRefusedRootKeyIsNotHammered() throws Exception {
    for (int status : new int[] {401, 403}) {
      try (FakeServer refusing = FakeServer.start();
          EventFollower f = follower(refusing.uri())) {
        refusing.problem(status, "{\"title\":\"No\",\"status\":" + status + "}");
        f.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> refusing.requests().size() >= 1);
        Thread.sleep(1500);
        assertThat(refusing.requests()).as("HTTP %d", status).hasSize(1); // next in 30 s
        assertThat(f.following()).isFalse();
      }
    }
  }

  @Test
  void aResponseThatIsNoEventStreamIsNotFollowed() {
    server.reply(
        new FakeServer.Canned(
            200, "text/html", "<html>\n\n\n: heartbeat\n\n</html>", Map.of(), Duration.ZERO));
    follower.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 2);
    assertThat(cache.lastHeard()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void closingStopsBothThreads() {
    server.reply(stream(ready(1)));
    follower.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() >= 1);
    follower.close();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("latchkey-events") && t.isAlive());
  }

  @Test
  void afterAResetToALowerPositionAChangeBelowTheOldPositionsStillEndsAVerdict()
      throws IOException {
    read(ready(90));
    keep("k", "key_k", null, 90); // fetched before the database was restored to seq 80
    read("id: 80\nevent: reset\ndata: {\"position\":80,\"reason\":\"restored\"}\n\n");
    assertThat(kept("k")).as("positions from before a restore mean nothing").isFalse();
    keep("k", "key_k", null, 82); // fetched after it
    read(change(85, "key", "key_k", "revoked"));
    assertThat(kept("k")).isFalse();
  }

  @Test
  void aFeedWhoseHeadIsBelowAnAnswerKeptWentBackAndEverythingIsDropped() throws IOException {
    read(ready(500));
    keep("k", "key_k", null, 950); // answered by a node at 950, before a restore to 600
    read("id: 500\nevent: ready\ndata: {\"position\":500,\"head\":600}\n\n");
    assertThat(kept("k")).isFalse();
    nanos.incrementAndGet();
    keep("k", "key_k", null, 599); // fetched after the restore
    assertThat(kept("k")).isTrue();
    read(change(601, "key", "key_k", "revoked"));
    assertThat(kept("k")).as("the revocation after the restore counts").isFalse();
  }

  @Test
  void aStreamThatDidNotResumeWhereAskedCountsAsFresh() throws IOException {
    read(ready(10));
    keep("k", "key_k", null, 10);
    // Opened with Last-Event-ID 10, but a proxy dropped the header: the server started at 20.
    read(ready(20));
    assertThat(kept("k")).as("changes 11 to 20 were not heard").isFalse();
  }
}
