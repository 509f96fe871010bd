package dev.latchkey.core.store;

import java.util.Optional;

/** Sinks, scoped by workspace. */
public interface SinkRepository {
  /**
   * @throws DuplicateException on a name the workspace already uses (field {@code name})
   */
  void insert(SinkRow sink);

  /**
   * Replaces the row with {@code sink}'s id.
   *
   * @throws DuplicateException on a name the workspace already uses (field {@code name})
   */
  void update(SinkRow sink);

  Optional<SinkRow> find(String workspaceId, String id);

  /** Newest first. */
  Slice<SinkRow> list(String workspaceId, PageRequest page);

  /** Deletes the sink; false when there was none. */
  boolean delete(String workspaceId, String id);

  /** Whether a rotation policy names the sink. */
  boolean isUsed(String workspaceId, String id);
}
