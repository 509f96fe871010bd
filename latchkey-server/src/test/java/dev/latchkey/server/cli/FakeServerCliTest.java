package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.testing.FakeServer;
import dev.latchkey.core.secret.KeyFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A CLI test against a {@link FakeServer}: each test gets a fresh server and a CLI whose
 * environment points at it with a root key of its own.
 */
abstract class FakeServerCliTest {
  final String rootKey = KeyFormat.generateRoot().reveal();
  FakeServer server;
  Cli cli;

  @BeforeEach
  void startFakeServer() throws Exception {
    server = FakeServer.start();
    cli =
        Cli.withEnvironment(
            Map.of("LATCHKEY_URL", server.uri().toString(), "LATCHKEY_ROOT_KEY", rootKey));
  }

  @AfterEach
  void stopFakeServer() {
    server.close();
  }

  /** Runs the CLI, which must exit 0; the request it sent. */
  FakeServer.Recorded sent(String... args) {
    Cli.Result result = cli.run(args);
    assertThat(result.code()).as(result.err()).isZero();
    return server.last();
  }
}
