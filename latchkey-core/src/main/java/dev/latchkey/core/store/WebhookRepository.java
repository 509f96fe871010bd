package dev.latchkey.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhooks, their deliveries and the delivery log. */
public interface WebhookRepository {
  void insert(WebhookRow webhook);

  void update(WebhookRow webhook);

  /** Deletes the webhook with its deliveries and their log. */
  void delete(String workspaceId, String id);

  Optional<WebhookRow> find(String workspaceId, String id);

  /** The row, locked until the transaction ends. */
  Optional<WebhookRow> findForUpdate(String workspaceId, String id);

  /** Newest first. */
  Slice<WebhookRow> list(String workspaceId, PageRequest page);

  /** Every enabled webhook of the workspace (to fan an alert out to). */
  List<WebhookRow> listEnabled(String workspaceId);

  void insertDelivery(DeliveryRow delivery);

  /**
   * Takes the lease of up to {@code limit} pending deliveries of enabled webhooks, of any
   * workspace, due at {@code now} and not leased by anyone at {@code now} (never leased, or the
   * lease expired): sets {@code claimed_by = node} until {@code leaseUntil}. Two nodes calling it
   * at once never claim the same delivery (PostgreSQL: {@code FOR UPDATE SKIP LOCKED} and a
   * conditional update; SQLite: writes are serialised).
   */
  List<ClaimedDelivery> claimDue(String node, Instant now, Instant leaseUntil, int limit);

  /**
   * Records an attempt and the delivery's new state, and releases the lease, if {@code node} still
   * holds it; returns false (and records only the attempt) when the lease was lost to another node.
   */
  boolean finishAttempt(
      String node, AttemptRow attempt, String status, int attempts, Instant nextAttemptAt);

  Optional<DeliveryRow> findDelivery(String workspaceId, String webhookId, String id);

  /** Newest first; {@code status} empty for all. */
  Slice<DeliveryRow> listDeliveries(
      String workspaceId, String webhookId, Optional<String> status, PageRequest page);

  /** The attempts of a delivery, oldest first. */
  List<AttemptRow> attempts(String workspaceId, String deliveryId);

  /** Makes a delivery pending again with a fresh budget of attempts, due at {@code now}. */
  void requeue(String workspaceId, String id, Instant now);

  /** Deletes delivered and dead deliveries last updated before {@code cutoff}, with their log. */
  int deleteFinishedBefore(Instant cutoff);
}
