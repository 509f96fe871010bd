package dev.latchkey.secrets.azure;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import dev.latchkey.secrets.internal.DeliveryTokens;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a key's secret as a new version of a Key Vault secret (SetSecret), tagged with the key's
 * id and a token derived from the delivery. Key Vault has no idempotency token, so a delivery first
 * reads the current version: when it already carries this delivery's token, nothing is written
 * again. Stateless; a client and a credential per delivery.
 */
final class AzureKeyVaultSinkDriver implements SinkDriver {
  static final String DELIVERY_TAG = "latchkey-delivery";
  static final String KEY_TAG = "latchkey-key-id";

  private final AzureTuning tuning;

  AzureKeyVaultSinkDriver(AzureTuning tuning) {
    this.tuning = tuning;
  }

  @Override
  public String type() {
    return "azure-kv";
  }

  @Override
  public Map<String, String> problems(SinkConfig config) {
    return AzureSinkSettings.problems(config);
  }

  @Override
  public SinkReceipt deliver(SinkConfig config, Delivery delivery) {
    Map<String, String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new SinkException("bad azure-kv sink configuration: " + problems.keySet(), false);
    }
    AzureSinkSettings sink = AzureSinkSettings.of(config);
    SecretClient client =
        AzureClients.secretClient(
            sink.vaultUrl(),
            AzureClients.credential(
                sink.tenantId(),
                sink.clientId(),
                sink.clientSecret(),
                sink.authorityHost(),
                tuning),
            tuning);
    String token = DeliveryTokens.of(delivery);
    Optional<KeyVaultSecret> current = current(client, sink);
    if (current.isPresent()
        && token.equals(current.get().getProperties().getTags().get(DELIVERY_TAG))) {
      return receipt(sink, current.get());
    }
    KeyVaultSecret secret = new KeyVaultSecret(sink.name(), delivery.secret().reveal());
    secret.getProperties().setTags(Map.of(DELIVERY_TAG, token, KEY_TAG, delivery.keyId()));
    try {
      return receipt(sink, client.setSecret(secret));
    } catch (RuntimeException e) {
      throw new SinkException(
          sink + ": SetSecret failed: " + AzureFailures.describe(e),
          AzureFailures.mayHaveArrived(e),
          e);
    }
  }

  /**
   * The latest version, when there is one and it may be read (a write-only identity reads nothing).
   * Nothing is written yet, so a failure here never arrived.
   */
  private static Optional<KeyVaultSecret> current(SecretClient client, AzureSinkSettings sink) {
    try {
      KeyVaultSecret secret = client.getSecret(sink.name());
      return secret.getProperties().getTags() == null ? Optional.empty() : Optional.of(secret);
    } catch (RuntimeException e) {
      int status = AzureFailures.status(e);
      if (status == 404 || status == 403) {
        return Optional.empty();
      }
      throw new SinkException(sink + ": cannot read it: " + AzureFailures.describe(e), false, e);
    }
  }

  private static SinkReceipt receipt(AzureSinkSettings sink, KeyVaultSecret written) {
    return new SinkReceipt(sink + " version " + written.getProperties().getVersion());
  }
}
