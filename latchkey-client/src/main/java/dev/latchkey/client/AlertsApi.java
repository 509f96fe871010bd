package dev.latchkey.client;

import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import dev.latchkey.api.Page;
import java.time.Instant;
import java.util.List;

/**
 * Alerts raised by detection rules ({@code /v1/alerts}) and the rules' automatic actions ({@code
 * /v1/alert-rules}). Thread-safe. Every method throws a {@link LatchkeyException} when the call
 * fails.
 */
public interface AlertsApi {
  /**
   * One page of alerts, newest first ({@code alerts.read}).
   *
   * @param status {@code open}, {@code acknowledged}, or null for both
   * @param rule a rule name, or null for all
   * @param since alerts last seen at or after this time, or null
   * @param pageToken the previous page's {@code nextPageToken()}, or null for the first
   */
  Page<Alert> list(String status, String rule, Instant since, int pageSize, String pageToken);

  /**
   * One alert ({@code alerts.read}).
   *
   * @throws NotFoundException when there is none with this id in the workspace
   */
  Alert get(String id);

  /**
   * Acknowledges an alert ({@code alerts.write}); the next occurrence opens a new one.
   *
   * @param note why, recorded in the audit log; may be null
   */
  Alert acknowledge(String id, String note);

  /** Every rule with its automatic action ({@code alerts.read}). */
  List<AlertRule> rules();

  /**
   * Sets a rule's automatic action, {@code none} or {@code disable_key} ({@code alerts.write}).
   *
   * @throws ForbiddenException for {@code disable_key} without {@code keys.update} on a root key
   *     confined to no service
   */
  AlertRule setRule(String rule, String action);

  /** Shorthand for {@link #acknowledge(String, String)} without a note. */
  default Alert acknowledge(String id) {
    return acknowledge(id, null);
  }
}
