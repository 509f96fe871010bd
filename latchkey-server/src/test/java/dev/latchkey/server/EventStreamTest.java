package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.Store;
import dev.latchkey.store.SqlStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/events} over a real socket: order, resume, heartbeats, reset, isolation. */
class EventStreamTest {
  @TempDir Path dir;
  TestServer t;
  final List<Thread> readers = new ArrayList<>();

  @BeforeEach
  void start() {
    t = new TestServer(dir, c -> c.withHeartbeat(Duration.ofMillis(300)));
  }

  @AfterEach
  void stop() {
    readers.forEach(Thread::interrupt);
    t.close();
  }

  /** What the reader puts in the queue when the stream ends. */
  private static final String END = "<end of stream>";

  /** Opens a stream and hands each line to a queue, from a reader thread. */
  private BlockingQueue<String> open(String lastEventId) throws Exception {
    return open(lastEventId, t.rootKey);
  }

  private BlockingQueue<String> open(String lastEventId, String rootKey) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(t.uri().resolve("/v1/events"))
            .header("Authorization", "Bearer " + rootKey);
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<java.io.InputStream> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                      lines.add(line);
                    }
                  } catch (Exception e) {
                    // the stream ended
                  }
                  lines.add(END);
                });
    readers.add(reader);
    return lines;
  }

  /** The next event's id, type and data, skipping comments and the retry hint. */
  private record Event(String id, String type, JsonNode data) {}

  /** The next event but {@code ready}. */
  private static Event next(BlockingQueue<String> lines) throws Exception {
    Event event = nextOrReady(lines);
    return event.type().equals("ready") ? nextOrReady(lines) : event;
  }

  private static Event nextOrReady(BlockingQueue<String> lines) throws Exception {
    String id = null;
    String type = null;
    JsonNode data = null;
    while (true) {
      String line = lines.poll(10, TimeUnit.SECONDS);
      assertThat(line).as("an event within 10 s").isNotNull().isNotEqualTo(END);
      if (line.isEmpty() && type != null) {
        return new Event(id, type, data);
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        type = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = Json.mapper().readTree(line.substring(6));
      }
    }
  }

  @Test
  void changes_arriveInOrder_withTheirSeqAsId_andNoSecrets() throws Exception {
    BlockingQueue<String> lines = open(null);
    String svc = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
    JsonNode created = t.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
    String keyId = created.get("data").get("id").asText();
    t.post("/v1/keys/" + keyId + ":revoke", "{}");

    Event first = next(lines);
    Event second = next(lines);
    Event third = next(lines);
    assertThat(first.data().get("type").asText()).isEqualTo("service");
    assertThat(second.data().get("id").asText()).isEqualTo(keyId);
    assertThat(second.data().get("kind").asText()).isEqualTo("created");
    assertThat(third.data().get("kind").asText()).isEqualTo("revoked");
    assertThat(Long.parseLong(third.id())).isGreaterThan(Long.parseLong(second.id()));
    assertThat(third.data().get("seq").asText()).isEqualTo(third.id());
    assertThat(third.data().toString()).doesNotContain(created.get("key").asText());
  }

  @Test
  void lastEventId_resumesRightAfterIt() throws Exception {
    String a = t.post("/v1/services", "{\"name\":\"a\"}").json().get("id").asText();
    String b = t.post("/v1/services", "{\"name\":\"b\"}").json().get("id").asText();
    String c = t.post("/v1/services", "{\"name\":\"c\"}").json().get("id").asText();
    BlockingQueue<String> all = open("0");
    Event ofA = next(all);
    while (!ofA.data().get("id").asText().equals(a)) { // the bootstrap's events come first
      ofA = next(all);
    }
    BlockingQueue<String> resumed = open(ofA.id());
    assertThat(next(resumed).data().get("id").asText()).isEqualTo(b);
    assertThat(next(resumed).data().get("id").asText()).isEqualTo(c);
  }

  @Test
  void idleStream_sendsHeartbeats() throws Exception {
    BlockingQueue<String> lines = open(null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    boolean heartbeat = false;
    while (!heartbeat && System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      heartbeat = ": heartbeat".equals(line);
    }
    assertThat(heartbeat).isTrue();
  }

  @Test
  void prunedHistory_startsWithAReset_andOtherWorkspacesStayInvisible() throws Exception {
    t.post("/v1/services", "{\"name\":\"a\"}");
    t.post("/v1/services", "{\"name\":\"b\"}");
    try (Store side = SqlStores.openSqlite(dir.resolve("latchkey.db"))) {
      side.write(tx -> tx.changes().deleteOlderThan(Instant.now().plusSeconds(3600)));
      side.write(
          tx ->
              tx.changes()
                  .append(
                      new Change(
                          "ws_other",
                          "key",
                          "key_AAAAAAAAAAAAAAAAAAAAAAAA",
                          "revoked",
                          Instant.now())));
    }
    BlockingQueue<String> lines = open("1");
    assertThat(next(lines).type()).isEqualTo("reset");
    String svc = t.post("/v1/services", "{\"name\":\"c\"}").json().get("id").asText();
    Event after = next(lines);
    assertThat(after.data().get("id").asText()).as("the foreign change was skipped").isEqualTo(svc);
  }

  @Test
  void lastEventIdAheadOfTheFeed_asAfterARestore_startsWithAReset() throws Exception {
    BlockingQueue<String> lines = open("999999");
    assertThat(next(lines).type()).isEqualTo("reset");
    String svc = t.post("/v1/services", "{\"name\":\"after-restore\"}").json().get("id").asText();
    assertThat(next(lines).data().get("id").asText()).isEqualTo(svc);
  }

  @Test
  void badLastEventId_is400() {
    TestServer.Response r =
        t.call(
            "GET",
            "/v1/events",
            null,
            java.util.Map.of("Authorization", "Bearer " + t.rootKey, "Last-Event-ID", "abc"));
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void aStreamOpensWithReadyCarryingWhereItStarts() throws Exception {
    t.post("/v1/services", "{\"name\":\"before\"}");
    // The newest change: the service's (the workspace's own records come first).
    long head;
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("latchkey.db"));
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT max(seq) FROM changes")) {
      head = rs.getLong(1);
    }
    Event ready = nextOrReady(open(null));
    assertThat(ready.type()).isEqualTo("ready");
    assertThat(ready.id()).isEqualTo(Long.toString(head));
    assertThat(ready.data().get("position").asLong()).isEqualTo(head);
    Event resumed = nextOrReady(open("1"));
    assertThat(resumed.type()).isEqualTo("ready");
    assertThat(resumed.id()).isEqualTo("1");
  }

  @Test
  void aNodeThatStoppedFollowingTheFeedEndsItsStreamsInsteadOfVouchingWithHeartbeats()
      throws Exception {
    BlockingQueue<String> lines = open(null);
    assertThat(lines.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(waitFor(lines, ": heartbeat")).isTrue(); // while the node follows
    t.server().follower().close();
    assertThat(waitFor(lines, END)).as("the stream ends").isTrue();
  }

  @Test
  void aRevokedRootKeyLosesItsStream() throws Exception {
    JsonNode issued =
        t.post("/v1/root-keys", "{\"name\":\"sdk\",\"permissions\":[\"events.read\"]}").json();
    BlockingQueue<String> lines = open(null, issued.get("key").asText());
    assertThat(waitFor(lines, ": heartbeat")).isTrue();
    t.post("/v1/root-keys/" + issued.get("data").get("id").asText() + ":revoke", "{}");
    assertThat(waitFor(lines, END)).as("the stream ends").isTrue();
  }

  /** Reads lines until {@code wanted} (true) or 10 s without it (false). */
  private static boolean waitFor(BlockingQueue<String> lines, String wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (wanted.equals(line)) {
        return true;
      }
      if (END.equals(line)) {
        return false;
      }
    }
    return false;
  }

  @Test
  void anOpenStreamEndsWhenTheFeedGoesBack_asAfterARestore_andTheResumeIsAReset() throws Exception {
    String svc = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
    t.post("/v1/keys", "{\"service\":\"" + svc + "\"}");
    long backup = t.server().follower().position();
    for (int i = 0; i < 5; i++) {
      t.post("/v1/services", "{\"name\":\"later" + i + "\"}");
    }
    BlockingQueue<String> lines = open(null);
    Event ready = nextOrReady(lines);
    assertThat(waitFor(lines, ": heartbeat")).isTrue();
    // The database is restored from a backup taken at `backup`: the feed goes back.
    try (java.sql.Connection c =
        java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("latchkey.db"))) {
      c.createStatement().executeUpdate("DELETE FROM changes WHERE seq > " + backup);
      c.createStatement()
          .executeUpdate("UPDATE sqlite_sequence SET seq = " + backup + " WHERE name = 'changes'");
    }
    t.post("/v1/services", "{\"name\":\"after-restore\"}"); // wakes the follower
    assertThat(waitFor(lines, "event: reset")).as("the stream says the feed went back").isTrue();
    assertThat(waitFor(lines, END)).as("and ends rather than vouch").isTrue();
    assertThat(nextOrReady(open(ready.id())).type()).isEqualTo("reset");
  }

  @Test
  void badLastEventIds_doNotUseUpTheStreamSlots() throws Exception {
    for (int i = 0; i < MAX_STREAMS + 8; i++) {
      TestServer.Response r =
          t.call(
              "GET",
              "/v1/events",
              null,
              java.util.Map.of("Authorization", "Bearer " + t.rootKey, "Last-Event-ID", "abc"));
      assertThat(r.status()).isEqualTo(400);
    }
    assertThat(nextOrReady(open(null)).type()).isEqualTo("ready"); // open() asserts the 200
  }

  /** EventEndpoints.MAX_STREAMS, which is package-private in another package. */
  private static final int MAX_STREAMS = 512;
}
