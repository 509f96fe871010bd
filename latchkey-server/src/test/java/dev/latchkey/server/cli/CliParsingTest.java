package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.testing.FakeServer;
import dev.latchkey.core.secret.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arguments, local input and the usage errors they cause (exit 2), before and without a server. */
class CliParsingTest {
  private final Cli cli = Cli.withoutEnvironment();
  private FakeServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    url = server.uri().toString();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void keygen_printsAFreshWellFormedServiceKey() {
    Cli.Result first = cli.run("keygen", "--prefix", "pay");
    Cli.Result second = cli.run("keygen", "--prefix", "pay");
    assertThat(first.code()).isZero();
    String key = first.out().strip();
    assertThat(KeyFormat.parse(key))
        .hasValueSatisfying(s -> assertThat(s.prefix()).isEqualTo("pay"));
    assertThat(second.out().strip()).isNotEqualTo(key);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void keygen_rootAndDefaultPrefixes() {
    assertThat(KeyFormat.parse(cli.run("keygen", "--root").out().strip()))
        .hasValueSatisfying(s -> assertThat(s.prefix()).isEqualTo(KeyFormat.ROOT_PREFIX));
    assertThat(KeyFormat.parse(cli.run("keygen").out().strip()))
        .hasValueSatisfying(s -> assertThat(s.prefix()).isEqualTo(KeyFormat.DEFAULT_PREFIX));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pay", "9pay", "pay_x", "abcdefghijklmnopq", ""})
  void keygen_invalidPrefixIsAUsageError(String prefix) {
    Cli.Result result = cli.run("keygen", "--prefix", prefix);
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("--prefix must match");
  }

  @Test
  void keygen_rootAndPrefixTogetherIsAUsageError() {
    assertThat(cli.run("keygen", "--root", "--prefix", "pay").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void groupWithoutSubcommand_unknownOption_missingRequired_areUsageErrors() {
    assertThat(cli.run("keys").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("services", "list", "--bogus").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("services", "create", "--url", url).code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("root-keys", "create", "--name", "ops").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void badValues_areUsageErrorsNamingTheFormat() {
    Cli.Result time = cli.run("keys", "create", "--service", "s", "--expires-at", "tomorrow");
    assertThat(time.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(time.err()).contains("RFC 3339");
    Cli.Result meta = cli.run("consumers", "create", "--name", "n", "--meta", "[1]");
    assertThat(meta.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(meta.err()).contains("JSON object");
    Cli.Result state = cli.run("keys", "list", "--state", "dead");
    assertThat(state.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(state.err()).contains("ACTIVE");
    for (String window : new String[] {"0d", "367d", "soon", "P1M", "-P1D"}) {
      Cli.Result expiring = cli.run("keys", "list", "--expiring-within", window);
      assertThat(expiring.code()).as(window).isEqualTo(ExitCodes.USAGE);
      assertThat(expiring.err()).as(window).contains("7d, 12h or P7D");
    }
    Cli.Result grace = cli.run("keys", "rotate", "key_1", "--grace-period", "1h");
    assertThat(grace.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(grace.err()).contains("ISO-8601");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void exclusiveOptions_areUsageErrors() {
    assertThat(cli.run("keys", "update", "key_1", "--enable", "--disable").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(
            cli.run(
                    "keys",
                    "update",
                    "key_1",
                    "--no-expiry",
                    "--expires-at",
                    "2027-01-01T00:00:00Z")
                .code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("consumers", "update", "c", "--external-id", "x", "--no-external-id").code())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void updateWithNothingToChange_isAUsageErrorAndSendsNothing() {
    Cli.Result result =
        Cli.withEnvironment(Map.of("LATCHKEY_ROOT_KEY", KeyFormat.generateRoot().reveal()))
            .run("services", "update", "svc_1", "--url", url);
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("nothing to change");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void noRootKey_isAUsageErrorSayingWhereToPutOne() {
    Cli.Result result = cli.run("services", "list", "--url", url);
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--root-key-file").contains("LATCHKEY_ROOT_KEY");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void rootKeyFile_firstNonEmptyLineIsSentAsBearer(@TempDir Path dir) throws Exception {
    String rootKey = KeyFormat.generateRoot().reveal();
    Path file = dir.resolve("root.key");
    Files.writeString(file, "\n" + rootKey + "\n");
    server.json(200, "{\"items\":[]}");
    Cli.Result result =
        cli.run("services", "list", "--url", url, "--root-key-file", file.toString());
    assertThat(result.code()).isZero();
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer " + rootKey);
  }

  @Test
  void rootKeyFileMissing_isAUsageErrorThatNamesTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.key");
    Cli.Result result =
        cli.run("services", "list", "--url", url, "--root-key-file", missing.toString());
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains(missing.toString());
  }

  @Test
  void environment_suppliesUrlAndRootKey() {
    String rootKey = KeyFormat.generateRoot().reveal();
    server.json(200, "{\"items\":[]}");
    Cli.Result result =
        Cli.withEnvironment(Map.of("LATCHKEY_URL", url, "LATCHKEY_ROOT_KEY", rootKey))
            .run("audit", "list");
    assertThat(result.code()).isZero();
    assertThat(server.last().target()).isEqualTo("/v1/audit-events?page_size=20");
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer " + rootKey);
  }

  @Test
  void badUrl_isAUsageError() {
    Cli.Result result =
        Cli.withEnvironment(Map.of("LATCHKEY_ROOT_KEY", KeyFormat.generateRoot().reveal()))
            .run("services", "list", "--url", "ftp://example");
    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--url");
  }

  @ParameterizedTest
  @ValueSource(strings = {"services", "consumers", "keys", "root-keys", "roles", "audit", "keygen"})
  void help_documentsTheExitCodes(String command) {
    Cli.Result result = cli.run(command, "--help");
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("Exit codes:")
        .contains("  3  the API refused the request")
        .contains("  5  server error or unreachable");
  }
}
