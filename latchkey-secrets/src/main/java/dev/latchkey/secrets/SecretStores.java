package dev.latchkey.secrets;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.secrets.aws.Aws;
import dev.latchkey.secrets.azure.Azure;
import dev.latchkey.secrets.env.EnvProvider;
import dev.latchkey.secrets.file.FileProvider;
import dev.latchkey.secrets.file.FileSinkDriver;
import dev.latchkey.secrets.kubernetes.Kubernetes;
import dev.latchkey.secrets.vault.VaultProvider;
import dev.latchkey.secrets.vault.VaultSinkDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The secret providers and sink drivers this module offers, ready for the server to wire. */
public final class SecretStores {
  private SecretStores() {}

  /**
   * The providers of the server's own secrets, one per scheme: {@code env}, {@code file}, {@code
   * vault}, {@code aws-sm}, {@code azure-kv}. Those that need configuration (Vault's address and
   * login) take it from {@code env} ({@link System#getenv()} in production); a missing
   * configuration fails only when a reference of that scheme is fetched. Each provider is
   * thread-safe.
   */
  public static List<SecretProvider> providers(Map<String, String> env) {
    return List.of(
        EnvProvider.of(env),
        FileProvider.create(),
        VaultProvider.fromEnv(env),
        Aws.provider(env),
        Azure.provider(env));
  }

  /**
   * The sink drivers, one per type: {@code file} (writing under {@code fileSinkRoot}, the server's
   * {@code --sink-file-root}), {@code vault}, {@code aws-sm}, {@code azure-kv} and {@code
   * kubernetes}. Each driver is thread-safe and stateless.
   */
  public static List<SinkDriver> sinkDrivers(Path fileSinkRoot) {
    return List.of(
        FileSinkDriver.under(fileSinkRoot),
        VaultSinkDriver.create(),
        Aws.sinkDriver(),
        Azure.sinkDriver(),
        Kubernetes.sinkDriver());
  }
}
