package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Optional;

/** Stored first responses of idempotent requests. */
public interface IdempotencyRepository {
  Optional<IdempotencyRecord> find(String workspaceId, String scope, String idempotencyKey);

  void insert(IdempotencyRecord record);

  /** Deletes records created before {@code cutoff}; returns how many. */
  int deleteOlderThan(Instant cutoff);
}
