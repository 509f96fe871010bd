package dev.latchkey.core.store;

import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.List;

/**
 * Secrets (as digests) of keys and root keys. Digests are unique across the store; every other
 * operation is scoped by workspace like the rest of the store.
 */
public interface SecretRepository {
  void insert(SecretRow secret);

  /** Every secret of the owner, newest first, retired ones included. */
  List<SecretRow> ofOwner(String workspaceId, String ownerId);

  /** Sets {@code retiresAt} of one secret. */
  void retire(String workspaceId, Digest digest, Instant retiresAt);

  /** Deletes one secret: it never verified for anyone (a delivery that certainly failed). */
  void delete(String workspaceId, Digest digest);
}
