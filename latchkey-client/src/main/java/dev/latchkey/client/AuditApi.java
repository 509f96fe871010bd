package dev.latchkey.client;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.Page;
import java.util.stream.Stream;

/**
 * The audit trail of the workspace ({@code /v1/audit-events}, {@code audit.read}), newest first.
 * Thread-safe. Every method throws a {@link LatchkeyException} when the call fails.
 */
public interface AuditApi {

  /**
   * One page of events.
   *
   * @param pageSize 1 to 100
   * @param pageToken the previous page's {@code nextPageToken()}, or {@code null} for the first
   */
  Page<AuditEvent> list(int pageSize, String pageToken);

  /** Every event, newest first, fetching pages lazily as the stream is consumed. */
  Stream<AuditEvent> listAll();
}
