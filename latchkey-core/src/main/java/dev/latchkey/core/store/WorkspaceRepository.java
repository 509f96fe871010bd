package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Optional;

/** Workspaces, the tenant boundary. */
public interface WorkspaceRepository {
  /** The id of the oldest workspace, if any exists: the one bootstrap created. */
  Optional<String> firstId();

  void insert(String id, String name, Instant createdAt);

  /**
   * Claims the one-time bootstrap of the store. Exactly one transaction ever succeeds; every other
   * (a node racing it, or any later start) gets {@link DuplicateException} "bootstrap".
   */
  void claimBootstrap(Instant at);
}
