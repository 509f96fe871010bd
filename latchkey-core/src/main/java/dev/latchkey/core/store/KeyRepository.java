package dev.latchkey.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Keys of a workspace. */
public interface KeyRepository {
  void insert(KeyRow key);

  /** Writes every mutable column of the row with this id and workspace. */
  void update(KeyRow key);

  Optional<KeyRow> find(String workspaceId, String id);

  /**
   * The row, locked until the transaction ends, for a read-check-write: another transaction's
   * {@code findForUpdate} of the same row waits for this one and then sees what it committed. Use
   * only inside {@link Store#write}.
   */
  Optional<KeyRow> findForUpdate(String workspaceId, String id);

  Slice<KeyRow> list(String workspaceId, KeyFilter filter, PageRequest page);

  /**
   * Keys of every workspace that are not revoked and expire in ({@code now}, {@code until}]; at
   * most {@code limit}, by key id after {@code afterKeyId} (empty for the first page).
   */
  List<ExpiringKey> expiring(Instant now, Instant until, String afterKeyId, int limit);

  /** A live key whose expiry is near. */
  record ExpiringKey(
      String workspaceId,
      String keyId,
      String serviceId,
      Optional<String> consumerId,
      Instant expiresAt) {
    public ExpiringKey {
      Objects.requireNonNull(workspaceId);
      Objects.requireNonNull(keyId);
      Objects.requireNonNull(serviceId);
      Objects.requireNonNull(consumerId);
      Objects.requireNonNull(expiresAt);
    }
  }
}
