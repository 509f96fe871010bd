package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.provider.ResolvedSecret;
import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretResolver;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The options of {@code latchkey server} that take secret references: refused as plain values,
 * resolved before anything starts (a missing one stops the start with one line naming the option
 * and the reference), and refreshed on schedule while the node runs.
 */
class ServerSecretsTest {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run server(String... options) {
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("server", "--data-dir", dir.toString()));
    args.addAll(List.of(options));
    int code =
        new CommandLine(new Main())
            .setErr(new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    return new Run(code, err.toString());
  }

  /** A key-encryption key in a file beside the data directory, as a reference. */
  private String keyFile() {
    try {
      Path file = dir.resolveSibling("kek-" + UUID.randomUUID());
      java.nio.file.Files.writeString(
          file, dev.latchkey.core.seal.Sealer.newKeyEncryptionKey().reveal());
      file.toFile().deleteOnExit();
      return "file:" + file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPlainValue_isRefused_sayingWhy_withoutRepeatingIt() {
    String plain = "pw-" + UUID.randomUUID();
    Run run =
        server(
            "--database-url",
            "postgresql://db/x",
            "--encryption-key",
            keyFile(),
            "--database-password",
            plain);

    assertThat(run.code()).isEqualTo(dev.latchkey.server.cli.ExitCodes.USAGE);
    assertThat(run.err())
        .contains("--database-password takes a secret reference", "env:", "file:", "vault:", "ps")
        .doesNotContain(plain);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aMissingReference_stopsTheStart_withOneLineNamingTheOptionAndTheReference() {
    String unset = "LATCHKEY_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_');
    Run run = server("--bootstrap-root-key", "env:" + unset);

    assertThat(run.code()).isEqualTo(dev.latchkey.server.cli.ExitCodes.UNAVAILABLE);
    assertThat(run.err())
        .isEqualTo(
            "latchkey server: --bootstrap-root-key (env:"
                + unset
                + "): env:"
                + unset
                + " is not set"
                + System.lineSeparator());
    assertThat(dir).isEmptyDirectory(); // nothing was started
  }

  @Test
  void aMissingPasswordFile_stopsTheStart_beforeTheStoreOpens() {
    Path missing = dir.resolveSibling("missing-" + UUID.randomUUID());
    Run run =
        server(
            "--database-url",
            "postgresql://127.0.0.1:1/nowhere",
            "--encryption-key",
            keyFile(),
            "--database-password",
            "file:" + missing);

    assertThat(run.code()).isNotZero();
    assertThat(run.err())
        .isEqualTo(
            "latchkey server: --database-password (file:"
                + missing
                + "): file:"
                + missing
                + " does not exist"
                + System.lineSeparator());
  }

  @Test
  void aPasswordWithoutItsUrl_orABadRefresh_isAUsageError() {
    assertThat(server("--redis-password", "env:X").err())
        .contains("--redis-password needs --redis-url");
    assertThat(server("--database-password", "env:X").err())
        .contains("--database-password needs --database-url");
    Run bad = server("--secret-refresh", "often");
    assertThat(bad.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(bad.err()).contains("--secret-refresh");
  }

  @Test
  void aRunningNode_refreshesEveryReferenceOnSchedule() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    SecretProvider counting =
        new SecretProvider() {
          @Override
          public String scheme() {
            return "count";
          }

          @Override
          public ServerSecret fetch(SecretReference reference) {
            return ServerSecret.of("value-" + reads.incrementAndGet());
          }
        };
    SecretResolver resolver = SecretResolver.of(List.of(counting));
    ResolvedSecret secret = resolver.resolve("--test", "count:x");
    ServerSecrets secrets =
        new ServerSecrets(
            Optional.empty(), Optional.empty(), Optional.of(resolver), Duration.ofMillis(50));

    try (TestServer node = new TestServer(dir, c -> c.withSecrets(secrets))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (reads.get() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    assertThat(reads.get()).isGreaterThanOrEqualTo(4);
    assertThat(secret.current().reveal()).isNotEqualTo("value-1");
  }

  @Test
  void aNodeOnPostgres_opensItsStoreWithTheReferencedPassword() throws Exception {
    try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
      Path password = java.nio.file.Files.writeString(dir.resolve("pg-password"), "pw\n");
      SecretResolver resolver =
          SecretResolver.of(dev.latchkey.secrets.SecretStores.providers(java.util.Map.of()));
      ServerConfig resolved =
          new SecretFlags(
                  Optional.empty(),
                  Optional.of("file:" + password),
                  Optional.empty(),
                  Duration.ZERO)
              .resolve(ServerConfig.defaults().withDatabaseUrl(db.url()), resolver);
      assertThat(resolved.secrets().databasePassword().orElseThrow().current().reveal())
          .isEqualTo("pw");

      try (TestServer node =
          new TestServer(
              dir,
              c ->
                  c.withDatabaseUrl(db.url())
                      .withEncryptionKey(dev.latchkey.core.seal.Sealer.newKeyEncryptionKey())
                      .withSecrets(resolved.secrets()))) {
        var ready =
            java.net.http.HttpClient.newHttpClient()
                .send(
                    java.net.http.HttpRequest.newBuilder(node.server().uri().resolve("/readyz"))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
      }
    }
  }
}
