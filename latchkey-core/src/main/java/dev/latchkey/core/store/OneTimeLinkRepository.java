package dev.latchkey.core.store;

import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Optional;

/** One-time links. Found by their token's digest, across workspaces (the token is the name). */
public interface OneTimeLinkRepository {
  void insert(OneTimeLinkRow link);

  Optional<OneTimeLinkRow> findByToken(Digest tokenDigest);

  /**
   * Marks the link fetched and forgets its secret, if it was neither fetched nor expired at {@code
   * now}; false when another fetch came first or it expired.
   */
  boolean take(String id, Instant now, String fetchedFrom);

  /** Forgets the secrets of links expired at {@code now}; returns how many. */
  int forgetExpired(Instant now);
}
