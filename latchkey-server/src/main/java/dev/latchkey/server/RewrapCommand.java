package dev.latchkey.server;

import dev.latchkey.core.manage.Rewrap;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.server.cli.ExitCodes;
import dev.latchkey.store.SqlStores;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code latchkey rewrap}: re-seals every sealed value under the current key-encryption key,
 * against the database directly: key-encryption keys never travel to a remote API. With SQLite the
 * server must be stopped (the data dir's lock); with PostgreSQL nodes may serve meanwhile, as each
 * value is replaced by compare-and-set.
 */
@Command(
    name = "rewrap",
    mixinStandardHelpOptions = true,
    description =
        "Re-seals every stored sealed value (webhook signing secrets) under the current "
            + "key-encryption key, against the database directly; run it after giving every node "
            + "a new --encryption-key. With SQLite, stop the server first.",
    footer = ExitCodes.FOOTER)
final class RewrapCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:LATCHKEY_DATA_DIR:-latchkey-data}",
      description =
          "Directory of the SQLite database (env LATCHKEY_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--database-url",
      defaultValue = "${env:LATCHKEY_DATABASE_URL}",
      description =
          "PostgreSQL instead of SQLite, as the server takes it (env LATCHKEY_DATABASE_URL).")
  String databaseUrl;

  @Option(
      names = "--encryption-key",
      defaultValue = "${env:LATCHKEY_ENCRYPTION_KEY}",
      paramLabel = "REF",
      description =
          "The new (current) key-encryption key, a secret reference (env:, file:, vault:, aws-sm:, azure-kv:) (env "
              + "LATCHKEY_ENCRYPTION_KEY; default with SQLite: <data-dir>/encryption.key).")
  String encryptionKey;

  @Option(
      names = "--previous-encryption-keys",
      defaultValue = "${env:LATCHKEY_PREVIOUS_ENCRYPTION_KEYS}",
      paramLabel = "REF[,REF...]",
      description =
          "The keys values may still be sealed under, a secret reference (env:, file:, vault:, aws-sm:, azure-kv:), comma-separated "
              + "(env LATCHKEY_PREVIOUS_ENCRYPTION_KEYS).")
  String previousEncryptionKeys;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<String> url =
        Optional.ofNullable(databaseUrl).map(String::strip).filter(s -> !s.isEmpty());
    Sealer sealer = sealer(url.isPresent());
    if (url.isEmpty() && !Files.exists(dataDir.resolve("latchkey.db"))) {
      throw new ParameterException(
          spec.commandLine(), "no Latchkey database in " + dataDir.toAbsolutePath());
    }
    DataDirLock lock;
    try {
      lock = url.isPresent() ? DataDirLock.none() : DataDirLock.acquire(dataDir);
    } catch (IllegalStateException e) {
      err.println("latchkey: " + e.getMessage() + "; with SQLite, stop the server before rewrap");
      return ExitCodes.UNAVAILABLE;
    }
    try (lock;
        Store store = url.map(SqlStores::openPostgres).orElseGet(this::sqlite)) {
      Rewrap.Outcome outcome = new Rewrap(store, sealer).all();
      out.printf(
          "rewrapped %d value(s) under key-encryption key %s; %d already current; %d failed%n",
          outcome.rewrapped(),
          sealer.currentKeyId(),
          outcome.alreadyCurrent(),
          outcome.failed().size());
      out.flush();
      for (Rewrap.Failure f : outcome.failed()) {
        err.printf(
            "latchkey: %s.%s of %s did not open: %s%n",
            f.column().table(), f.column().column(), f.id(), f.reason());
      }
      err.flush();
      return outcome.failed().isEmpty() ? ExitCodes.OK : ExitCodes.NOT_VALID;
    } catch (StoreException e) {
      err.println("latchkey: " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
  }

  private Store sqlite() {
    return SqlStores.openSqlite(dataDir.resolve("latchkey.db"));
  }

  private Sealer sealer(boolean postgres) {
    try {
      List<ServerSecret> previous =
          KeyReferences.resolveAll("--previous-encryption-keys", previousEncryptionKeys);
      ServerSecret current;
      if (encryptionKey != null && !encryptionKey.isBlank()) {
        current = KeyReferences.resolve("--encryption-key", encryptionKey.strip());
      } else if (postgres) {
        throw new IllegalArgumentException("--encryption-key is required with --database-url");
      } else {
        Path file = dataDir.resolve(EncryptionKeys.FILE);
        current =
            EncryptionKeys.read(file)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no --encryption-key, and no " + file.toAbsolutePath()));
      }
      return Sealer.envelope(current, previous);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
