package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.testing.FakeServer;
import dev.latchkey.core.secret.KeyFormat;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exit codes scripts rely on, and the error text on stderr. */
class CliExitCodeTest {
  private final String rootKey = KeyFormat.generateRoot().reveal();
  private FakeServer server;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    cli =
        Cli.withEnvironment(
            Map.of("LATCHKEY_URL", server.uri().toString(), "LATCHKEY_ROOT_KEY", rootKey));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @CsvSource({
    "400, 3", "404, 3", "405, 3", "409, 3", "413, 3", "415, 3", "422, 3", "401, 4", "403, 4",
    "500, 5", "502, 5", "503, 5"
  })
  void apiStatus_mapsToItsExitCode(int status, int exitCode) {
    server.problem(status, "{\"title\":\"Title\",\"status\":" + status + ",\"detail\":\"Why\"}");
    Cli.Result result = cli.run("services", "get", "svc_1");
    assertThat(result.code()).isEqualTo(exitCode);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("latchkey: Title (" + status + "): Why\n");
  }

  @Test
  void problem_printsTitleDetailFieldErrorsAndRequestIdOnStderr() {
    server.problem(
        400,
        """
        {"type":"urn:latchkey:problem:invalid-request","title":"Invalid request","status":400,\
        "detail":"2 fields are invalid","request_id":"req_7",\
        "errors":[{"field":"name","message":"is required"},\
        {"field":"prefix","message":"must match [a-z][a-z0-9]{0,15}"}]}""");
    Cli.Result result = cli.run("services", "create", "--name", " ", "--prefix", "X");
    assertThat(result.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err())
        .isEqualTo(
            """
            latchkey: Invalid request (400): 2 fields are invalid
              name: is required
              prefix: must match [a-z][a-z0-9]{0,15}
              request id: req_problem
            """);
  }

  @Test
  void unauthorized_hintsWhereTheRootKeyComesFrom_andNeverPrintsIt() {
    server.problem(
        401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + rootKey + "\"}");
    Cli.Result result = cli.run("keys", "list");
    assertThat(result.code()).isEqualTo(ExitCodes.AUTH);
    assertThat(result.err()).contains("LATCHKEY_ROOT_KEY").doesNotContain(rootKey);
    assertThat(result.out()).doesNotContain(rootKey);
  }

  @Test
  void unreachableServer_isFive() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Cli.Result result = cli.run("services", "list", "--url", "http://127.0.0.1:" + port);
    assertThat(result.code()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(result.err()).startsWith("latchkey: cannot reach the server: ");
  }

  @Test
  void unreadableSuccess_isFive() {
    server.json(200, "<html>");
    assertThat(cli.run("services", "get", "svc_1").code()).isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void verifyValid_isZeroAndPrintsTheCodeFirst() {
    server.json(
        200, "{\"valid\":true,\"code\":\"VALID\",\"key_id\":\"key_1\",\"service\":\"svc_1\"}");
    Cli.Result result = cli.run("keys", "verify", KeyFormat.generate("pay").reveal());
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .isEqualTo("code     VALID\nvalid    true\nkey_id   key_1\nservice  svc_1\n");
  }

  @Test
  void verifyNotValid_isOneAndPrintsTheCode() {
    server.json(200, "{\"valid\":false,\"code\":\"REVOKED\",\"key_id\":\"key_1\"}");
    Cli.Result result = cli.run("keys", "verify", KeyFormat.generate("pay").reveal());
    assertThat(result.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(result.out()).startsWith("code    REVOKED\n");
  }

  @Test
  void verifyNotValid_isOneInJsonModeToo() {
    server.json(200, "{\"valid\":false,\"code\":\"MALFORMED\"}");
    Cli.Result result = cli.run("keys", "verify", "nonsense", "--json");
    assertThat(result.code()).isEqualTo(ExitCodes.NOT_VALID);
    assertThat(result.out()).isEqualTo("{\"valid\":false,\"code\":\"MALFORMED\"}\n");
  }

  @Test
  void verifyWithContradictoryVerdict_failsClosed() {
    server.json(200, "{\"valid\":true,\"code\":\"REVOKED\"}");
    assertThat(cli.run("keys", "verify", "x").code()).isEqualTo(ExitCodes.NOT_VALID);
  }

  @Test
  void verifyWhenServerFails_isFiveNotOne() {
    server.problem(503, "{\"title\":\"Service unavailable\",\"status\":503}");
    assertThat(cli.run("keys", "verify", "x").code()).isEqualTo(ExitCodes.UNAVAILABLE);
  }

  @Test
  void badIdempotencyKey_isAUsageErrorAndSendsNothing() {
    Cli.Result result =
        cli.run("services", "create", "--name", "n", "--idempotency-key", "x".repeat(300));
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(server.requests()).isEmpty();
  }
}
