package dev.latchkey.core.manage;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.AuditVerification.ChainBreak;
import dev.latchkey.api.AuditVerification.ChainHead;
import dev.latchkey.api.audit.AuditChain;
import dev.latchkey.api.audit.ChainVerifier;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.store.AuditFilter;
import dev.latchkey.core.store.AuditLink;
import dev.latchkey.core.store.AuditRepository;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads the audit log of the caller's workspace: lists it newest first, walks its hash chain to
 * verify it, exports it in chain order. Walks read {@value #BATCH} events at a time, so memory
 * stays bounded whatever the log's length. Thread-safe.
 */
public final class AuditTrail {
  /** Events read per query of a walk. */
  static final int BATCH = 1000;

  private final Store store;

  public AuditTrail(Store store) {
    this.store = store;
  }

  public Slice<AuditEvent> list(Principal p, PageRequest page) {
    return list(p, AuditFilter.ALL, page);
  }

  public Slice<AuditEvent> list(Principal p, AuditFilter filter, PageRequest page) {
    return store.read(tx -> tx.audit().list(p.workspaceId(), filter, page));
  }

  /**
   * Walks the workspace's whole chain in one consistent read, from position 1 to its recorded head,
   * and reports the first break (docs/audit.md).
   */
  public AuditVerification verify(Principal p) {
    String ws = p.workspaceId();
    return store.read(
        tx -> {
          AuditRepository audit = tx.audit();
          ChainHead head = audit.head(ws).orElse(new ChainHead(0, AuditChain.GENESIS));
          ChainVerifier verifier = ChainVerifier.of(ws, Optional.of(head));
          checkWhileReading(audit, ws, verifier);
          AuditVerification result = verifier.finish();
          if (!result.valid()) {
            return result;
          }
          return audit
              .firstUnchained(ws)
              .map(
                  id ->
                      new AuditVerification(
                          false,
                          result.eventsChecked(),
                          result.head(),
                          new ChainBreak(null, id, "inserted", "the event has no chain position")))
              .orElse(result);
        });
  }

  /**
   * Gives {@code sink} every event of the workspace's chain up to its head as recorded when the
   * export starts (returned, so that the caller can announce it before the events), in chain order.
   * Each batch is read in a short transaction of its own, so a slow consumer holds no snapshot
   * open; what lies below the head never changes.
   */
  public ChainHead exportHead(Principal p) {
    return store
        .read(tx -> tx.audit().head(p.workspaceId()))
        .orElse(new ChainHead(0, AuditChain.GENESIS));
  }

  /** Gives {@code sink} the chain's events from position 1 to {@code head}'s, in chain order. */
  public void export(Principal p, ChainHead head, Consumer<AuditEvent> sink) {
    String ws = p.workspaceId();
    long position = 0;
    long seq = 0;
    while (position < head.position()) {
      long afterPosition = position;
      long afterSeq = seq;
      List<AuditLink> batch =
          store.read(tx -> tx.audit().chain(ws, afterPosition, afterSeq, BATCH));
      for (AuditLink link : batch) {
        if (link.event().position() > head.position()) {
          return;
        }
        sink.accept(link.event());
      }
      if (batch.size() < BATCH) {
        return;
      }
      position = batch.getLast().event().position();
      seq = batch.getLast().seq();
    }
  }

  /** Exports up to the head recorded now; see {@link #export(Principal, ChainHead, Consumer)}. */
  public void export(Principal p, Consumer<AuditEvent> sink) {
    export(p, exportHead(p), sink);
  }

  /**
   * Walks the chain in batches, checking each batch on a second thread while this one reads the
   * next: reading rows and hashing them overlap, and at most two batches are in memory. The
   * verifier sees the batches one at a time, in order (each check ends before the next begins).
   */
  private static void checkWhileReading(AuditRepository audit, String ws, ChainVerifier verifier) {
    ExecutorService checker =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("audit-verify").factory());
    try {
      Future<Boolean> checking = CompletableFuture.completedFuture(true);
      long position = 0;
      long seq = 0;
      while (true) {
        List<AuditLink> batch = audit.chain(ws, position, seq, BATCH);
        if (!checking.get()) {
          return; // broken already: what follows is not read
        }
        checking = checker.submit(() -> batch.stream().allMatch(l -> verifier.accept(l.event())));
        if (batch.size() < BATCH) {
          checking.get();
          return;
        }
        position = batch.getLast().event().position();
        seq = batch.getLast().seq();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying the audit chain", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the audit chain check failed", e.getCause());
    } finally {
      checker.shutdownNow();
    }
  }
}
