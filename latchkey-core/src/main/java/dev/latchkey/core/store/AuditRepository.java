package dev.latchkey.core.store;

import dev.latchkey.api.AuditEvent;

/** The audit log of a workspace: append only. */
public interface AuditRepository {
  void append(String workspaceId, AuditEvent event);

  /** Events newest first. */
  Slice<AuditEvent> list(String workspaceId, PageRequest page);
}
