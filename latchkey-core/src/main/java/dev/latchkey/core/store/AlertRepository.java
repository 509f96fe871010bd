package dev.latchkey.core.store;

import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Alerts of a workspace, deduplicated, and the automatic action of each rule. */
public interface AlertRepository {
  /**
   * Records one occurrence, atomically, also against concurrent raisers on other nodes: when an
   * open alert with the same workspace, rule and dedup key exists, its count grows by one and its
   * last-seen time moves forward (never back, whatever the clocks say) and its details become the
   * signal's; otherwise a new open alert with id {@code newId} is inserted.
   *
   * @return the alert as stored now; {@code count() == 1} when this occurrence opened it
   */
  Alert raise(String newId, AlertSignal signal);

  Optional<Alert> find(String workspaceId, String id);

  /**
   * Whether an alert, open or acknowledged, was ever raised in the workspace with this rule and
   * dedup key: for rules that alert once per event rather than while a condition lasts.
   */
  boolean exists(String workspaceId, String rule, String dedupKey);

  /** The row, locked until the transaction ends. */
  Optional<Alert> findForUpdate(String workspaceId, String id);

  /** Newest first. */
  Slice<Alert> list(String workspaceId, AlertFilter filter, PageRequest page);

  /** Closes an open alert; the next occurrence opens a new one. */
  void acknowledge(String workspaceId, String id, Instant at, String by);

  /** The rule's automatic action, if one is set. */
  Optional<AlertRule> rule(String workspaceId, String rule);

  /** The rules of the workspace that have an action, by name. */
  List<AlertRule> rules(String workspaceId);

  /** Sets (or, with action {@code none}, removes) the rule's automatic action. */
  void setRule(String workspaceId, AlertRule rule);
}
