package dev.latchkey.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.server.TestServer;
import dev.latchkey.server.TestServer.Response;
import dev.latchkey.server.api.ForwardAuthSettings;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is the forward-auth listener's own, over raw sockets: pipelining and keep-alive, the
 * decoder's refusals and their bounds, bodies, {@code Connection} and HTTP/1.0, {@code Expect:
 * 100-continue}, paths off the route, the headers every answer carries, metrics, a port in use and
 * the worker pool PostgreSQL's answers run on. {@link ForwardAuthListenerTest} covers what it
 * answers alike with the API's listener.
 */
class ForwardAuthListenerTransportTest {
  private static final String INVALID = "urn:latchkey:problem:invalid-request";

  @TempDir Path dir;
  TestServer t;
  String secret;
  String keyId;

  @BeforeEach
  void start() {
    t = listening(dir.resolve("data"));
    JsonNode k = newKey(t);
    secret = k.get("key").asText();
    keyId = k.get("data").get("id").asText();
  }

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
  }

  private static TestServer listening(Path data) {
    return new TestServer(data, c -> c.withForwardAuth(ForwardAuthSettings.defaults().withPort(0)));
  }

  private static JsonNode newKey(TestServer t) {
    String service =
        t.post("/v1/services", "{\"name\":\"orders\",\"prefix\":\"ord\"}")
            .json()
            .get("id")
            .asText();
    Response r = t.post("/v1/keys", "{\"service\":\"" + service + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  // ---- raw HTTP/1.1 over a socket ----

  /** One response as read off the socket; header names in lower case, first value each. */
  record Raw(String statusLine, int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  /** A connection to the listener; reads keep what was read past one response for the next. */
  final class Conn implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Conn() throws IOException {
      socket = new Socket("127.0.0.1", t.forwardAuthUri().getPort());
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
      send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** One response, its body by {@code Content-Length} (none when absent). */
    Raw read() throws IOException {
      String statusLine = line();
      assertThat(statusLine).startsWith("HTTP/1.");
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(); !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.putIfAbsent(
            l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
      int length =
          headers.containsKey("content-length")
              ? Integer.parseInt(headers.get("content-length"))
              : 0;
      byte[] body = in.readNBytes(length);
      assertThat(body).as("body of " + statusLine).hasSize(length);
      return new Raw(statusLine, status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c = in.read(); ; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed mid-response after: " + b);
        }
        if (c == '\n') {
          break;
        }
        b.write(c);
      }
      String s = b.toString(StandardCharsets.ISO_8859_1);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Whether the server closed the connection: end of stream (or a reset) and nothing else. */
    boolean closedByServer() throws IOException {
      try {
        return in.read() == -1;
      } catch (SocketException e) { // a reset: closed with bytes of ours unread
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private String get(String path, String... headers) {
    StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: gw\r\n");
    b.append("X-Latchkey-Root-Key: ").append(t.rootKey).append("\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  /** The next answer lets the key through, says the connection ends, and it does. */
  private void assertAllowedThenClosed(Conn c) throws IOException {
    Raw r = c.read();
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("X-Latchkey-Key-Id")).isEqualTo(keyId);
    assertThat(r.header("Connection")).isEqualTo("close");
    assertThat(c.closedByServer()).isTrue();
  }

  private void assertProblem(Raw r, int status, String type) {
    assertThat(r.status()).as(r.statusLine() + " " + r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
    JsonNode body = r.json();
    assertThat(body.get("type").asText()).isEqualTo(type);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("request_id").asText()).startsWith("req_");
    assertThat(body.get("request_id").asText()).isEqualTo(r.header("X-Request-Id"));
  }

  // ---- 1. pipelining ----

  @Test
  void pipelinedRequests_inOneWrite_areAnsweredInOrder_andTheConnectionStaysOpen()
      throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          get("/v1/forward-auth", "X-Api-Key: " + secret)
              + get("/v1/forward-auth/api/orders")
              + get("/v1/forward-auth/x", "X-Api-Key: " + secret));
      Raw first = c.read();
      Raw second = c.read();
      Raw third = c.read();
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      assertThat(first.header("X-Latchkey-Key-Id")).isEqualTo(keyId);
      assertThat(second.status()).isEqualTo(401);
      assertThat(second.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
      assertThat(third.status()).isEqualTo(200);
      assertThat(first.header("X-Request-Id"))
          .isNotEqualTo(second.header("X-Request-Id"))
          .isNotEqualTo(third.header("X-Request-Id"));
      assertThat(first.header("Connection")).isNull();

      c.send(get("/v1/forward-auth", "X-Api-Key: " + secret));
      Raw fourth = c.read();
      assertThat(fourth.status()).isEqualTo(200);
      assertThat(fourth.header("X-Latchkey-Key-Id")).isEqualTo(keyId);
    }
  }

  // ---- 2. malformed requests ----

  @Test
  void aMalformedRequestLine_is400Problem_andClosesTheConnection() throws Exception {
    try (Conn c = new Conn()) {
      c.send("GARBAGE\r\n\r\n");
      Raw r = c.read();
      assertProblem(r, 400, INVALID);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.body()).doesNotContain("GARBAGE");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aHeaderLineWithoutAColon_is400Problem_andClosesTheConnection() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          "GET /v1/forward-auth HTTP/1.1\r\nHost: gw\r\nthis-line-has-no-colon-secretive\r\n\r\n");
      Raw r = c.read();
      assertProblem(r, 400, INVALID);
      assertThat(r.body()).doesNotContain("secretive");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  // ---- 3. bounds of the request line and header block ----

  @Test
  void aRequestLineOver8192Bytes_is414Problem_withoutEchoingIt_andCloses() throws Exception {
    String path = "/v1/forward-auth/" + "p".repeat(9000);
    try (Conn c = new Conn()) {
      c.send(get(path));
      Raw r = c.read();
      assertProblem(r, 414, "urn:latchkey:problem:uri-too-long");
      assertThat(r.body()).doesNotContain("pppppppp").contains("8192");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aRequestLineJustUnderTheBound_isDecoded_andAnsweredByTheEndpoint_keepingTheConnection()
      throws Exception {
    // "GET " + path + " HTTP/1.1" within 8192 bytes: not the listener's 414, but the forwarded
    // path's own bound (2048 characters), as an answer on a connection that stays open.
    String path = "/v1/forward-auth/" + "p".repeat(8000);
    try (Conn c = new Conn()) {
      c.send(get(path, "X-Api-Key: " + secret));
      Raw r = c.read();
      assertProblem(r, 400, INVALID);
      assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("X-Original-URI");
      assertThat(r.body()).doesNotContain("pppppppp");
      assertThat(r.header("Connection")).isNull();
      c.send(get("/v1/forward-auth/" + "p".repeat(2000), "X-Api-Key: " + secret));
      assertThat(c.read().status()).isEqualTo(200);
    }
  }

  @Test
  void aHeaderBlockOver16384Bytes_is431Problem_withoutEchoingIt_andCloses() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          get(
              "/v1/forward-auth",
              "X-Api-Key: " + secret,
              "X-Filler-1: " + "h".repeat(6000),
              "X-Filler-2: " + "h".repeat(6000),
              "X-Filler-3: " + "h".repeat(6000)));
      Raw r = c.read();
      assertProblem(r, 431, "urn:latchkey:problem:header-fields-too-large");
      assertThat(r.body()).doesNotContain("hhhhhhhh").doesNotContain(secret).contains("16384");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  // ---- 4. bodies ----

  @Test
  void aSmallBody_isReadAndDropped_answered_andTheConnectionClosed() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          "POST /v1/forward-auth HTTP/1.1\r\nHost: gw\r\nX-Latchkey-Root-Key: "
              + t.rootKey
              + "\r\nX-Api-Key: "
              + secret
              + "\r\nContent-Length: 10\r\n\r\n0123456789");
      // Gateways send no body: a connection that carried one is not trusted with another request.
      assertAllowedThenClosed(c);
    }
  }

  @Test
  void aSmallChunkedBody_isAnswered_andTheConnectionClosed() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          "PUT /v1/forward-auth/api HTTP/1.1\r\nHost: gw\r\nX-Latchkey-Root-Key: "
              + t.rootKey
              + "\r\nX-Api-Key: "
              + secret
              + "\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      assertAllowedThenClosed(c);
    }
  }

  @Test
  void aBodyOver64KiB_is413Problem_andClosesTheConnection() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          "POST /v1/forward-auth HTTP/1.1\r\nHost: gw\r\nX-Latchkey-Root-Key: "
              + t.rootKey
              + "\r\nX-Api-Key: "
              + secret
              + "\r\nContent-Length: 70000\r\n\r\n");
      c.send("b".repeat(70_000));
      Raw r = c.read();
      assertProblem(r, 413, "urn:latchkey:problem:payload-too-large");
      assertThat(r.body()).contains("65536").doesNotContain("bbbbbbbb");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aChunkedBodyOver64KiB_is413Problem_andClosesTheConnection() throws Exception {
    try (Conn c = new Conn()) {
      StringBuilder b =
          new StringBuilder(
              "POST /v1/forward-auth HTTP/1.1\r\nHost: gw\r\nX-Latchkey-Root-Key: "
                  + t.rootKey
                  + "\r\nX-Api-Key: "
                  + secret
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = "c".repeat(8192);
      for (int i = 0; i < 9; i++) {
        b.append("2000\r\n").append(chunk).append("\r\n");
      }
      c.send(b.append("0\r\n\r\n").toString());
      Raw r = c.read();
      assertProblem(r, 413, "urn:latchkey:problem:payload-too-large");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  // ---- 5. Connection and HTTP/1.0 ----

  @Test
  void connectionClose_isAnswered_withConnectionClose_andTheSocketIsClosed() throws Exception {
    try (Conn c = new Conn()) {
      c.send(get("/v1/forward-auth", "X-Api-Key: " + secret, "Connection: close"));
      Raw r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void http10_withoutKeepAlive_isAnsweredThenClosed() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          "GET /v1/forward-auth HTTP/1.0\r\nX-Latchkey-Root-Key: "
              + t.rootKey
              + "\r\nX-Api-Key: "
              + secret
              + "\r\n\r\n");
      assertAllowedThenClosed(c);
    }
  }

  @Test
  void http10_withKeepAlive_isAnsweredWithKeepAlive_andStaysOpen() throws Exception {
    String request =
        "GET /v1/forward-auth HTTP/1.0\r\nConnection: keep-alive\r\nX-Latchkey-Root-Key: "
            + t.rootKey
            + "\r\nX-Api-Key: "
            + secret
            + "\r\n\r\n";
    try (Conn c = new Conn()) {
      c.send(request);
      Raw r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Connection")).isEqualTo("keep-alive");
      c.send(request);
      Raw again = c.read();
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.header("Connection")).isEqualTo("keep-alive");
    }
  }

  // ---- 6. Expect: 100-continue ----

  @Test
  void expect_isAnsweredAtOnce_withNo100_andTheConnectionClosed() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          "POST /v1/forward-auth HTTP/1.1\r\nHost: gw\r\nX-Latchkey-Root-Key: "
              + t.rootKey
              + "\r\nX-Api-Key: "
              + secret
              + "\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      // The final answer, not a 100 (whose place among pipelined answers would be ambiguous);
      // the body was never asked for, so the connection cannot carry another request.
      assertAllowedThenClosed(c);
    }
  }

  @Test
  void aPeerThatReadsNoAnswers_isNoLongerRead() throws Exception {
    // 200,000 pipelined checks, their answers never read. The listener must stop reading once the
    // answers it wrote and the peer did not take pass its high-water mark (and the sockets'
    // buffers are full): the count of answered checks stops growing well short of them all.
    // Without that it would read on and queue every answer in memory.
    String series =
        "latchkey_http_requests_total{method=\"GET\",route=\"/v1/forward-auth\",status=\"200\"}";
    byte[] one = get("/v1/forward-auth", "X-Api-Key: " + secret).getBytes(StandardCharsets.UTF_8);
    double before = count(t.server().metrics().scrape(), series);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(16 * 1024);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", t.forwardAuthUri().getPort()));
      OutputStream out = socket.getOutputStream();
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 200_000; i++) {
                        out.write(one);
                      }
                    } catch (IOException e) {
                      // the socket is closed below
                    }
                  });
      Thread.sleep(3000);
      double stalled = count(t.server().metrics().scrape(), series) - before;
      Thread.sleep(1000);
      double later = count(t.server().metrics().scrape(), series) - before;
      assertThat(stalled)
          .as("checks answered before reading stopped")
          .isPositive()
          .isLessThan(50_000);
      assertThat(later).as("no check answered once reading stopped").isEqualTo(stalled);
      assertThat(writer.isAlive()).as("the writer is blocked").isTrue();
      socket.close();
      writer.join(Duration.ofSeconds(5));
    }
  }

  // ---- 7. paths ----

  @Test
  void pathsOffTheRoute_are404Problem_withoutEchoingThePath() throws Exception {
    try (Conn c = new Conn()) {
      for (String path :
          new String[] {"/v1/keys", "/healthz", "/v1/forward-authsecretive", "/secretive/v1"}) {
        c.send(get(path, "X-Api-Key: " + secret));
        Raw r = c.read();
        assertProblem(r, 404, "urn:latchkey:problem:not-found");
        assertThat(r.json().get("detail").asText())
            .doesNotContain(path)
            .doesNotContain("secretive");
        assertThat(r.body()).doesNotContain(secret);
      }
      // A 404 is an answer, not a refusal: the connection stays open.
      c.send(get("/v1/forward-auth", "X-Api-Key: " + secret));
      assertThat(c.read().status()).isEqualTo(200);
    }
  }

  @Test
  void aBadPercentEscape_inThePathOrTheQuery_is400Problem_andTheConnectionStays() throws Exception {
    for (String target :
        new String[] {"/v1/forward-auth/%zz", "/v1/forward-auth?permissions=%zz"}) {
      try (Conn c = new Conn()) {
        c.send(get(target, "X-Api-Key: " + secret));
        Raw r = c.read();
        assertProblem(r, 400, INVALID);
        assertThat(r.body()).as(target).doesNotContain("%zz");
        c.send(get("/v1/forward-auth", "X-Api-Key: " + secret));
        assertThat(c.read().status()).as(target).isEqualTo(200);
      }
    }
  }

  // ---- 8. headers every answer carries ----

  @Test
  void everyAnswer_carriesNoStore_aRequestId_andADate() throws Exception {
    try (Conn c = new Conn()) {
      c.send(
          get("/v1/forward-auth", "X-Api-Key: " + secret)
              + get("/v1/forward-auth")
              + get("/v1/keys"));
      int[] expected = {200, 401, 404};
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (int status : expected) {
        Raw r = c.read();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Cache-Control")).as("" + status).isEqualTo("no-store");
        assertThat(r.header("X-Request-Id")).as("" + status).startsWith("req_");
        assertThat(r.header("Date"))
            .as("" + status)
            .isNotNull()
            .satisfies(d -> java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.parse(d));
        ids.add(r.header("X-Request-Id"));
      }
      assertThat(ids).hasSize(3);
    }
  }

  // ---- 9. metrics ----

  private static double count(String scrape, String series) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void checksOnTheListener_areCounted_byTheirRouteTemplate() throws Exception {
    String base = "latchkey_http_requests_total{method=\"GET\",route=\"/v1/forward-auth\",";
    String ok = base + "status=\"200\"}";
    String denied = base + "status=\"401\"}";
    String suffix =
        "latchkey_http_requests_total{method=\"GET\",route=\"/v1/forward-auth/{path}\","
            + "status=\"200\"}";
    String before = t.server().metrics().scrape();
    try (Conn c = new Conn()) {
      c.send(
          get("/v1/forward-auth", "X-Api-Key: " + secret)
              + get("/v1/forward-auth", "X-Api-Key: " + secret)
              + get("/v1/forward-auth")
              + get("/v1/forward-auth/api/orders/secretive", "X-Api-Key: " + secret));
      for (int i = 0; i < 4; i++) {
        c.read();
      }
    }
    String after = t.server().metrics().scrape();
    assertThat(after).contains(ok).contains(denied).contains(suffix);
    assertThat(count(after, ok) - count(before, ok)).isEqualTo(2.0);
    assertThat(count(after, denied) - count(before, denied)).isEqualTo(1.0);
    assertThat(count(after, suffix) - count(before, suffix)).isEqualTo(1.0);
    assertThat(after).doesNotContain("secretive");
    assertThat(after)
        .contains(
            "latchkey_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/forward-auth\"}");
  }

  // ---- 10. a port in use ----

  @Test
  void aPortInUse_failsTheStart_namingIt_andReleasesTheDataDir() throws Exception {
    t.close(); // no other listener's threads in the count
    t = null;
    assertThat(forwardAuthThreads()).isZero();
    Path data = dir.resolve("busy");
    try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = held.getLocalPort();
      assertThatThrownBy(
              () ->
                  new TestServer(
                          data,
                          c -> c.withForwardAuth(ForwardAuthSettings.defaults().withPort(port)))
                      .close())
          .hasMessageContaining("cannot listen")
          .hasMessageContaining(":" + port);
    }
    assertThat(forwardAuthThreads()).as("threads left by the failed start").isZero();
    try (TestServer again = listening(data)) {
      Response r =
          again.call(
              again.forwardAuthUri(),
              "GET",
              "/v1/forward-auth",
              null,
              Map.of("X-Latchkey-Root-Key", again.rootKey));
      assertThat(r.status()).isEqualTo(401);
      assertThat(again.get("/readyz").status()).isEqualTo(200);
    }
  }

  /** Live threads of forward-auth listeners, once those shutting down have had 5 s to end. */
  private static long forwardAuthThreads() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    long n;
    do {
      n =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .filter(th -> th.getName().startsWith("latchkey-forward-auth"))
              .count();
      if (n > 0) {
        Thread.sleep(50);
      }
    } while (n > 0 && System.nanoTime() < deadline);
    return n;
  }

  // ---- 11. PostgreSQL: answers on the worker pool ----

  @Test
  void onPostgres_validIs200_andRevokedIs401() throws Exception {
    t.close();
    t = null;
    try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
      t =
          new TestServer(
              dir.resolve("pg"),
              c ->
                  c.withDatabaseUrl(database.url())
                      .withEncryptionKey(Sealer.newKeyEncryptionKey())
                      .withForwardAuth(ForwardAuthSettings.defaults().withPort(0)));
      try {
        JsonNode k = newKey(t);
        String s = k.get("key").asText();
        String id = k.get("data").get("id").asText();
        try (Conn c = new Conn()) {
          c.send(get("/v1/forward-auth", "X-Api-Key: " + s) + get("/v1/forward-auth"));
          Raw ok = c.read();
          assertThat(ok.status()).as(ok.body()).isEqualTo(200);
          assertThat(ok.header("X-Latchkey-Key-Id")).isEqualTo(id);
          assertThat(c.read().status()).isEqualTo(401);

          Response revoked = t.post("/v1/keys/" + id + ":revoke", "{\"reason\":\"x\"}");
          assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
          c.send(get("/v1/forward-auth", "X-Api-Key: " + s));
          Raw denied = c.read();
          assertThat(denied.status()).isEqualTo(401);
          assertThat(denied.header("X-Latchkey-Key-Id")).isNull();
          assertThat(denied.header("Cache-Control")).isEqualTo("no-store");
        }
        assertThat(
                Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(th -> th.getName().startsWith("latchkey-forward-auth-work")))
            .as("answers worked out on the worker pool")
            .isTrue();
      } finally {
        t.close();
        t = null;
      }
    }
  }
}
