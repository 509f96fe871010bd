package dev.latchkey.core.manage;

import dev.latchkey.api.CreateWebhook;
import dev.latchkey.api.IssuedWebhook;
import dev.latchkey.api.RotateWebhookSecret;
import dev.latchkey.api.UpdateWebhook;
import dev.latchkey.api.Webhook;
import dev.latchkey.api.WebhookDelivery;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.alert.RefusedTargetException;
import dev.latchkey.core.alert.SigningSecret;
import dev.latchkey.core.alert.WebhookTargets;
import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AttemptRow;
import dev.latchkey.core.store.DeliveryRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.WebhookRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Use cases of webhooks: where a workspace's alerts are delivered. A webhook receives the alerts of
 * the whole workspace (whatever service their keys belong to), so only a root key confined to no
 * service may create, change, rotate or delete one. Its URL is checked ({@link WebhookTargets})
 * when saved and again at every attempt. Its signing secret is generated here, returned once, and
 * stored sealed ({@link SealedColumn#WEBHOOK_SIGNING_SECRET}).
 *
 * <p>Thread-safe.
 */
public final class Webhooks {
  /** Rules a webhook may name, at most. */
  static final int MAX_RULES = 32;

  /** Webhooks a workspace may have, at most: every alert is sent to each of them. */
  public static final int MAX_WEBHOOKS = 50;

  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
  public static final Duration MAX_GRACE = Duration.ofDays(7);

  private final Store store;
  private final WebhookTargets targets;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Webhooks.class);

  private final Sealer sealer;
  private final Runnable deliveriesAdded;

  public Webhooks(Store store, WebhookTargets targets, Sealer sealer, Runnable deliveriesAdded) {
    this.store = store;
    this.targets = targets;
    this.sealer = sealer;
    this.deliveriesAdded = deliveriesAdded;
  }

  /** Creates a webhook; its signing secret is in the answer and never again. */
  public IssuedWebhook create(MutationContext m, CreateWebhook cmd) {
    requireUnconfined(m);
    Validation v = new Validation();
    String url = url(v, v.required("url", cmd.url()));
    String description = Roles.description(v, cmd.description());
    List<String> rules = rules(v, cmd.rules());
    v.throwIfAny();
    if (m.tx().webhooks().list(m.workspaceId(), PageRequest.first(MAX_WEBHOOKS)).items().size()
        >= MAX_WEBHOOKS) {
      throw new ConflictException(
          "url", "a workspace has at most " + MAX_WEBHOOKS + " webhooks; delete one first");
    }
    SigningSecret secret = SigningSecret.generate();
    String id = Ids.newId("wh");
    WebhookRow row =
        new WebhookRow(
            id,
            m.workspaceId(),
            url,
            description,
            rules == null ? List.of() : rules,
            cmd.enabled() == null || cmd.enabled(),
            secret.sealed(sealer, SealedColumn.WEBHOOK_SIGNING_SECRET, id),
            null,
            null,
            m.now(),
            m.now());
    m.tx().webhooks().insert(row);
    m.changed(
        "webhook", row.id(), "created", Map.of("rules", row.rules(), "enabled", row.enabled()));
    return new IssuedWebhook(secret.reveal(), toApi(row));
  }

  /** Changes the fields {@code cmd} names. */
  public Webhook update(MutationContext m, String id, UpdateWebhook cmd) {
    requireUnconfined(m);
    Validation v = new Validation();
    v.id("id", "wh", id);
    String url = cmd.url() == null ? null : url(v, cmd.url());
    String description =
        cmd.description() == null ? null : Roles.description(v, cmd.description().orElse(null));
    List<String> rules = rules(v, cmd.rules());
    v.throwIfAny();
    WebhookRow old = found(m, id);
    WebhookRow updated =
        new WebhookRow(
            id,
            old.workspaceId(),
            url == null ? old.url() : url,
            cmd.description() == null ? old.description() : description,
            rules == null ? old.rules() : rules,
            cmd.enabled() == null ? old.enabled() : cmd.enabled(),
            old.sealedSecret(),
            old.previousSealedSecret(),
            old.previousSecretExpiresAt(),
            old.createdAt(),
            m.now());
    m.tx().webhooks().update(updated);
    List<String> fields = new ArrayList<>();
    if (cmd.url() != null) {
      fields.add("url");
    }
    if (cmd.description() != null) {
      fields.add("description");
    }
    if (cmd.rules() != null) {
      fields.add("rules");
    }
    if (cmd.enabled() != null) {
      fields.add("enabled");
    }
    m.changed("webhook", id, "updated", Map.of("fields", fields));
    return toApi(updated);
  }

  /**
   * Issues a new signing secret; the previous one keeps signing too (a second {@code v1=}) until
   * the grace period ends, so receivers can switch without losing a delivery.
   */
  public IssuedWebhook rotateSecret(MutationContext m, String id, RotateWebhookSecret cmd) {
    requireUnconfined(m);
    Validation v = new Validation();
    v.id("id", "wh", id);
    Duration grace = v.duration("grace_period", cmd.gracePeriod(), DEFAULT_GRACE, MAX_GRACE);
    v.throwIfAny();
    WebhookRow old = found(m, id);
    SigningSecret secret = SigningSecret.generate();
    String previous = grace.isZero() ? null : resealedAsPrevious(old);
    WebhookRow rotated =
        new WebhookRow(
            id,
            old.workspaceId(),
            old.url(),
            old.description(),
            old.rules(),
            old.enabled(),
            secret.sealed(sealer, SealedColumn.WEBHOOK_SIGNING_SECRET, id),
            previous,
            previous == null ? null : m.now().plus(grace),
            old.createdAt(),
            m.now());
    m.tx().webhooks().update(rotated);
    m.changed("webhook", id, "secret_rotated", Map.of("grace_period", grace.toString()));
    return new IssuedWebhook(secret.reveal(), toApi(rotated));
  }

  /**
   * The rotated-out secret, sealed for the column that holds it during the grace period (each
   * column has its own context). One that does not open (sealed under a key-encryption key this
   * node lacks) cannot sign anyway: the rotation goes ahead without a grace period.
   */
  private String resealedAsPrevious(WebhookRow old) {
    try {
      return SigningSecret.opened(
              sealer, SealedColumn.WEBHOOK_SIGNING_SECRET, old.id(), old.sealedSecret())
          .sealed(sealer, SealedColumn.WEBHOOK_PREVIOUS_SIGNING_SECRET, old.id());
    } catch (SealException e) {
      LOG.warn(
          "webhook {}: the rotated-out signing secret does not open, so it gets no grace period:"
              + " {}",
          old.id(),
          e.getMessage());
      return null;
    }
  }

  /** Deletes a webhook with its deliveries and their log. */
  public void delete(MutationContext m, String id) {
    requireUnconfined(m);
    checkId(id);
    found(m, id);
    m.tx().webhooks().delete(m.workspaceId(), id);
    m.changed("webhook", id, "deleted", Map.of());
  }

  public Webhook get(Principal p, String id) {
    checkId(id);
    return store
        .read(tx -> tx.webhooks().find(p.workspaceId(), id))
        .map(Webhooks::toApi)
        .orElseThrow(() -> notFound(id));
  }

  public Slice<Webhook> list(Principal p, PageRequest page) {
    Slice<WebhookRow> rows = store.read(tx -> tx.webhooks().list(p.workspaceId(), page));
    return new Slice<>(rows.items().stream().map(Webhooks::toApi).toList(), rows.next());
  }

  /**
   * One page of a webhook's deliveries, newest first, each with its log.
   *
   * @param status {@code pending}, {@code delivered} or {@code dead}; empty for all
   */
  public Slice<WebhookDelivery> deliveries(
      Principal p, String webhookId, Optional<String> status, PageRequest page) {
    checkId(webhookId);
    status
        .filter(
            s -> !Set.of(DeliveryRow.PENDING, DeliveryRow.DELIVERED, DeliveryRow.DEAD).contains(s))
        .ifPresent(
            s -> {
              throw InvalidInputException.of("status", "must be pending, delivered or dead");
            });
    return store.read(
        tx -> {
          tx.webhooks().find(p.workspaceId(), webhookId).orElseThrow(() -> notFound(webhookId));
          Slice<DeliveryRow> rows =
              tx.webhooks().listDeliveries(p.workspaceId(), webhookId, status, page);
          List<WebhookDelivery> items = new ArrayList<>();
          for (DeliveryRow d : rows.items()) {
            items.add(toApi(d, tx.webhooks().attempts(p.workspaceId(), d.id())));
          }
          return new Slice<>(items, rows.next());
        });
  }

  /**
   * Sends a dead (or delivered) delivery again, with a fresh budget of attempts (audited); one
   * still pending is a conflict.
   */
  public WebhookDelivery retry(MutationContext m, String webhookId, String deliveryId) {
    requireUnconfined(m);
    Validation v = new Validation();
    v.id("id", "wh", webhookId);
    v.id("delivery", "dlv", deliveryId);
    v.throwIfAny();
    found(m, webhookId);
    DeliveryRow d =
        m.tx()
            .webhooks()
            .findDelivery(m.workspaceId(), webhookId, deliveryId)
            .orElseThrow(() -> new NotFoundException("delivery", deliveryId));
    if (d.status().equals(DeliveryRow.PENDING)) {
      throw new ConflictException("delivery", "the delivery is still pending");
    }
    if (d.eventType().equals(OneTimeLinks.EVENT)) {
      throw new ConflictException(
          "delivery",
          "a one-time link is sent once: rotate the key again for a new link (the webhook may point"
              + " elsewhere now)");
    }
    m.tx().webhooks().requeue(m.workspaceId(), deliveryId, m.now());
    m.changed("webhook", webhookId, "delivery_retried", Map.of("delivery", deliveryId));
    DeliveryRow again =
        m.tx().webhooks().findDelivery(m.workspaceId(), webhookId, deliveryId).orElseThrow();
    deliveriesAdded.run();
    return toApi(again, m.tx().webhooks().attempts(m.workspaceId(), deliveryId));
  }

  /** How long delivered and dead deliveries, and their log, are kept. */
  public static final Duration DELIVERY_RETENTION = Duration.ofDays(30);

  /** Deletes deliveries finished more than {@link #DELIVERY_RETENTION} before {@code now}. */
  public int pruneDeliveries(java.time.Instant now) {
    return store.write(tx -> tx.webhooks().deleteFinishedBefore(now.minus(DELIVERY_RETENTION)));
  }

  private String url(Validation v, String url) {
    if (url == null) {
      return null;
    }
    try {
      targets.resolve(targets.checkUrl(url));
    } catch (RefusedTargetException e) {
      v.fail("url", e.getMessage());
    }
    return url;
  }

  private static List<String> rules(Validation v, List<String> rules) {
    if (rules == null) {
      return null;
    }
    if (rules.size() > MAX_RULES) {
      v.fail("rules", "must hold at most " + MAX_RULES + " rules");
      return null;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      String r = rules.get(i);
      if (r == null || !Alerts.RULES.contains(r)) {
        v.fail("rules[" + i + "]", "is not a known rule");
      } else if (!seen.add(r)) {
        v.fail("rules[" + i + "]", "is listed twice");
      }
    }
    return List.copyOf(seen);
  }

  private static WebhookRow found(MutationContext m, String id) {
    checkId(id);
    return m.tx().webhooks().findForUpdate(m.workspaceId(), id).orElseThrow(() -> notFound(id));
  }

  private static void requireUnconfined(MutationContext m) {
    m.requireUnconfined(
        "webhooks receive the alerts of the whole workspace: only a root key confined to no"
            + " service may manage them");
  }

  static Webhook toApi(WebhookRow w) {
    return new Webhook(
        w.id(),
        w.url(),
        w.description(),
        w.rules(),
        w.enabled(),
        w.createdAt(),
        w.updatedAt(),
        w.previousSecretExpiresAt());
  }

  static WebhookDelivery toApi(DeliveryRow d, List<AttemptRow> attempts) {
    return new WebhookDelivery(
        d.id(),
        d.webhookId(),
        d.alertId(),
        d.eventType(),
        d.status(),
        d.attempts(),
        d.status().equals(DeliveryRow.PENDING) ? d.nextAttemptAt() : null,
        d.createdAt(),
        d.updatedAt(),
        attempts.stream()
            .map(
                a ->
                    new WebhookDelivery.Attempt(
                        a.attempt(),
                        a.startedAt(),
                        a.durationMs(),
                        a.address(),
                        a.statusCode(),
                        a.error(),
                        a.responseSnippet()))
            .toList());
  }

  static void checkId(String id) {
    if (!Ids.isValid("wh", id)) {
      throw InvalidInputException.of("id", "is not a wh_ id");
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("webhook", id);
  }
}
