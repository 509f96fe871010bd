package dev.latchkey.core.manage;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;

/** Reads the audit log of the caller's workspace, newest first. Thread-safe. */
public final class AuditTrail {
  private final Store store;

  public AuditTrail(Store store) {
    this.store = store;
  }

  public Slice<AuditEvent> list(Principal p, PageRequest page) {
    return store.read(tx -> tx.audit().list(p.workspaceId(), page));
  }
}
