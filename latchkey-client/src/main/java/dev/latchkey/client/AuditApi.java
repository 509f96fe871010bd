package dev.latchkey.client;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.Page;
import java.io.OutputStream;
import java.util.stream.Stream;

/**
 * The audit trail of the workspace ({@code /v1/audit-events}, {@code audit.read}): listed newest
 * first, verified, exported. Thread-safe. Every method throws a {@link LatchkeyException} when the
 * call fails. An export can be verified offline with {@link dev.latchkey.api.audit.ExportVerifier},
 * the code the server uses (docs/audit.md).
 */
public interface AuditApi {

  /**
   * One page of events.
   *
   * @param pageSize 1 to 100
   * @param pageToken the previous page's {@code nextPageToken()}, or {@code null} for the first
   */
  Page<AuditEvent> list(int pageSize, String pageToken);

  /** One page of the events {@code filter} selects, newest first. */
  Page<AuditEvent> list(AuditFilter filter, int pageSize, String pageToken);

  /** Every event, newest first, fetching pages lazily as the stream is consumed. */
  Stream<AuditEvent> listAll();

  /** Every event {@code filter} selects, newest first, fetching pages lazily. */
  Stream<AuditEvent> listAll(AuditFilter filter);

  /**
   * Has the server walk the workspace's hash chain ({@code GET /v1/audit-events:verify}); a broken
   * chain is an answer ({@code valid() == false}), not an exception.
   */
  AuditVerification verify();

  /**
   * Copies the export ({@code GET /v1/audit-events:export}: JSON Lines, chain order) to {@code
   * out}, which is not closed, and returns the head it ends at, as the response named it.
   *
   * @throws LatchkeyConnectionException also when the transfer breaks off midway
   */
  AuditVerification.ChainHead export(OutputStream out);
}
