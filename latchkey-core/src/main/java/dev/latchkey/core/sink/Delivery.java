package dev.latchkey.core.sink;

import dev.latchkey.core.secret.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * One secret to deliver: the key it opens and the secret itself.
 *
 * @param workspaceId the key's workspace
 * @param keyId the key ({@code key_…}); the same for every rotation of the key
 * @param serviceId the key's service
 * @param secret the new plaintext secret; a driver reveals it only to write it
 * @param issuedAt when the secret was made
 */
public record Delivery(
    String workspaceId, String keyId, String serviceId, Secret secret, Instant issuedAt) {
  public Delivery {
    Objects.requireNonNull(workspaceId);
    Objects.requireNonNull(keyId);
    Objects.requireNonNull(serviceId);
    Objects.requireNonNull(secret);
    Objects.requireNonNull(issuedAt);
  }
}
