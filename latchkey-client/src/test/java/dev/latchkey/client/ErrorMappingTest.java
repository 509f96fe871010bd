package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.api.Problem;
import dev.latchkey.client.testing.FakeServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each error status becomes its own exception type, carrying the problem and the request id. */
class ErrorMappingTest {
  private FakeServer server;
  private LatchkeyClient client;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    client = LatchkeyClient.builder().baseUri(server.uri()).rootKey(TestSecrets.rootKey()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, "invalid-request", InvalidRequestException.class),
        Arguments.of(401, "unauthorized", UnauthorizedException.class),
        Arguments.of(403, "forbidden", ForbiddenException.class),
        Arguments.of(404, "not-found", NotFoundException.class),
        Arguments.of(405, "method-not-allowed", UnexpectedStatusException.class),
        Arguments.of(409, "conflict", ConflictException.class),
        Arguments.of(413, "payload-too-large", UnexpectedStatusException.class),
        Arguments.of(422, "idempotency-key-reused", ConflictException.class),
        Arguments.of(500, "internal", UnexpectedStatusException.class),
        Arguments.of(503, "service-unavailable", ServiceUnavailableException.class));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void problemStatus_becomesItsExceptionType(int status, String slug, Class<?> type) {
    server.problem(
        status,
        "{\"type\":\"urn:latchkey:problem:"
            + slug
            + "\",\"title\":\"Title "
            + status
            + "\",\"status\":"
            + status
            + ",\"detail\":\"Detail text\",\"request_id\":\"req_problem\"}");
    LatchkeyApiException e =
        catchThrowableOfType(LatchkeyApiException.class, () -> client.services().get("svc_1"));
    assertThat(e).isInstanceOf(type);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.problem().type()).isEqualTo("urn:latchkey:problem:" + slug);
    assertThat(e.requestId()).contains("req_problem");
    assertThat(e.getMessage())
        .isEqualTo(status + " Title " + status + ": Detail text (request req_problem)");
  }

  @Test
  void fieldErrors_areKeptAndNamedInTheMessage() {
    server.problem(
        400,
        "{\"type\":\"urn:latchkey:problem:invalid-request\",\"title\":\"Invalid request\","
            + "\"status\":400,\"errors\":[{\"field\":\"name\",\"message\":\"is required\"},"
            + "{\"field\":\"prefix\",\"message\":\"must match [a-z][a-z0-9]{0,15}\"}]}");
    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> client.services().create(new dev.latchkey.api.CreateService(null, "X")));
    assertThat(e.problem().errors())
        .containsExactly(
            new Problem.FieldError("name", "is required"),
            new Problem.FieldError("prefix", "must match [a-z][a-z0-9]{0,15}"));
    assertThat(e.getMessage()).contains("name: is required").contains("prefix: must match");
  }

  @Test
  void errorWithoutProblemBody_isDescribedByItsStatus() {
    server.reply(
        new FakeServer.Canned(
            502, "text/html", "<html>bad gateway</html>", Map.of(), Duration.ZERO));
    UnexpectedStatusException e =
        catchThrowableOfType(UnexpectedStatusException.class, () -> client.services().get("s"));
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.problem().title()).isEqualTo("Bad Gateway");
    assertThat(e.requestId()).isEmpty();
  }

  @Test
  void successWithUnreadableBody_isAProtocolException() {
    server.json(200, "[1,2,3]");
    LatchkeyProtocolException e =
        catchThrowableOfType(LatchkeyProtocolException.class, () -> client.services().get("s"));
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.requestId()).contains("req_fake");
    assertThat(e.getMessage()).contains("Service");
  }

  @Test
  void verify_refusedRootKeyStillThrows() {
    server.problem(401, "{\"title\":\"Unauthorized\",\"status\":401}");
    assertThatThrownBy(() -> client.keys().verify(TestSecrets.serviceKey()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void verify_badRequestNotAboutTheKeyStillThrows() {
    server.problem(
        400, "{\"status\":400,\"errors\":[{\"field\":\"service\",\"message\":\"too long\"}]}");
    assertThatThrownBy(() -> client.keys().verify(TestSecrets.serviceKey(), "s"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void connectionRefused_isAConnectionException() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (LatchkeyClient closed =
        LatchkeyClient.builder()
            .baseUri(URI.create("http://127.0.0.1:" + port))
            .rootKey(TestSecrets.rootKey())
            .build()) {
      LatchkeyConnectionException e =
          catchThrowableOfType(
              LatchkeyConnectionException.class, () -> closed.keys().verify("pay_x"));
      assertThat(e.isTimeout()).isFalse();
      assertThat(e.getMessage())
          .startsWith("POST /v1/keys:verify to http://127.0.0.1:" + port + " failed: ")
          .contains("cannot connect");
    }
  }

  @Test
  void slowServer_isATimeout() {
    server.reply(
        new FakeServer.Canned(200, "application/json", "{}", Map.of(), Duration.ofSeconds(3)));
    try (LatchkeyClient impatient =
        LatchkeyClient.builder()
            .baseUri(server.uri())
            .rootKey(TestSecrets.rootKey())
            .timeout(Duration.ofMillis(200))
            .build()) {
      LatchkeyConnectionException e =
          catchThrowableOfType(
              LatchkeyConnectionException.class, () -> impatient.services().get("svc_1"));
      assertThat(e.isTimeout()).isTrue();
      assertThat(e.getMessage()).contains("timed out after 200 ms");
    }
  }
}
