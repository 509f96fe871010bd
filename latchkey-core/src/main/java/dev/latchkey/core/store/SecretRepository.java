package dev.latchkey.core.store;

import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.List;

/** Secrets (as digests) of keys and root keys. Digests are unique across the store. */
public interface SecretRepository {
  void insert(SecretRow secret);

  /** Every secret of the owner, newest first, retired ones included. */
  List<SecretRow> ofOwner(String ownerId);

  /** Sets {@code retiresAt} of one secret. */
  void retire(Digest digest, Instant retiresAt);
}
