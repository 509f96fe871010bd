package dev.latchkey.core.manage;

import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.CreditPolicy;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.WireLimits;
import dev.latchkey.core.manage.LimitsInput.CreditsRequest;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Use cases of consumers. A consumer's limits and credits are shared by all its keys. Thread-safe.
 */
public final class Consumers {
  private final Store store;
  private final Clock clock;

  public Consumers(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Consumer create(MutationContext m, CreateConsumer cmd) {
    if (cmd.limits() != null || cmd.credits() != null) {
      requireWorkspaceWide(m);
    }
    Validation v = new Validation();
    String name = v.text("name", v.required("name", cmd.name()), Validation.MAX_NAME);
    String externalId = v.text("external_id", cmd.externalId(), Validation.MAX_EXTERNAL_ID);
    v.meta("meta", cmd.meta());
    List<LimitRule> rules = LimitsInput.rules(v, cmd.limits());
    CreditsRequest credits = LimitsInput.credits(v, "credits", cmd.credits(), true);
    v.throwIfAny();
    CreditPolicy policy = credits == null ? null : credits.policy();
    Consumer consumer =
        new Consumer(
            Ids.newId("con"),
            name,
            externalId,
            cmd.meta() == null ? Map.of() : cmd.meta(),
            m.now(),
            m.now(),
            rules == null ? List.of() : WireLimits.rateLimits(rules),
            WireLimits.credits(policy, null));
    m.tx().consumers().insert(m.workspaceId(), consumer);
    if (credits != null) {
      OwnerCredits.open(m, consumer.id(), credits);
    }
    Consumer created = withBalance(m.tx(), m.workspaceId(), consumer, m.now());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", consumer.name());
    OwnerCredits.describe(details, rules, created.credits());
    m.changed("consumer", consumer.id(), "created", details);
    return created;
  }

  public Consumer update(MutationContext m, String id, UpdateConsumer cmd) {
    if (cmd.limits() != null || cmd.credits() != null) {
      requireWorkspaceWide(m);
    }
    Validation v = new Validation();
    v.id("id", "con", id);
    String name = v.text("name", cmd.name(), Validation.MAX_NAME);
    String externalId =
        cmd.externalId() == null
            ? null
            : v.text("external_id", cmd.externalId().orElse(null), Validation.MAX_EXTERNAL_ID);
    v.meta("meta", cmd.meta());
    List<LimitRule> rules = LimitsInput.rules(v, cmd.limits());
    Optional<CreditsRequest> credits =
        cmd.credits() == null
            ? null
            : cmd.credits().map(c -> LimitsInput.credits(v, "credits", c, false));
    v.throwIfAny();
    Consumer old =
        m.tx().consumers().findForUpdate(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    CreditPolicy policy =
        OwnerCredits.change(m, id, WireLimits.policy(old.credits()), credits, "consumer");
    List<RateLimit> limits = rules == null ? old.limits() : WireLimits.rateLimits(rules);
    Consumer updated =
        new Consumer(
            id,
            name == null ? old.name() : name,
            cmd.externalId() == null ? old.externalId() : externalId,
            cmd.meta() == null ? old.meta() : cmd.meta(),
            old.createdAt(),
            m.now(),
            limits,
            WireLimits.credits(policy, null));
    m.tx().consumers().update(m.workspaceId(), updated);
    Consumer changed = withBalance(m.tx(), m.workspaceId(), updated, m.now());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("fields", fields(cmd));
    OwnerCredits.describe(details, rules, credits == null ? null : changed.credits());
    m.changed("consumer", id, "updated", details);
    return changed;
  }

  private static List<String> fields(UpdateConsumer cmd) {
    List<String> fields = new ArrayList<>();
    if (cmd.name() != null) {
      fields.add("name");
    }
    if (cmd.externalId() != null) {
      fields.add("external_id");
    }
    if (cmd.meta() != null) {
      fields.add("meta");
    }
    if (cmd.limits() != null) {
      fields.add("limits");
    }
    if (cmd.credits() != null) {
      fields.add("credits");
    }
    return fields;
  }

  /**
   * Sets or adds to the consumer's credit balance, shared by all its keys.
   *
   * @throws ConflictException when the consumer has no credits
   */
  public Credits credits(MutationContext m, String id, CreditChange cmd) {
    requireWorkspaceWide(m);
    Validation v = new Validation();
    v.id("id", "con", id);
    LimitsInput.change(v, cmd);
    v.throwIfAny();
    Consumer consumer =
        m.tx().consumers().findForUpdate(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    CreditPolicy policy = WireLimits.policy(consumer.credits());
    if (policy == null) {
      throw new ConflictException(
          "id", "the consumer has no credits: give it some with PATCH first");
    }
    Credits after = OwnerCredits.apply(m, id, policy, cmd);
    m.changed("consumer", id, "updated", OwnerCredits.auditDetails(cmd, after));
    return after;
  }

  public Consumer get(Principal p, String id) {
    checkId(id);
    Instant now = clock.instant();
    return store
        .read(
            tx ->
                tx.consumers()
                    .find(p.workspaceId(), id)
                    .map(c -> withBalance(tx, p.workspaceId(), c, now)))
        .orElseThrow(() -> notFound(id));
  }

  public Slice<Consumer> list(Principal p, PageRequest page) {
    Instant now = clock.instant();
    return store.read(
        tx -> {
          Slice<Consumer> rows = tx.consumers().list(p.workspaceId(), page);
          List<String> holders =
              rows.items().stream().filter(c -> c.credits() != null).map(Consumer::id).toList();
          Map<String, Balance> balances = tx.credits().findAll(p.workspaceId(), holders);
          return new Slice<>(
              rows.items().stream().map(c -> withCredits(c, balances.get(c.id()), now)).toList(),
              rows.next());
        });
  }

  /** {@code c} as stored, with its balance read in {@code tx}. */
  private static Consumer withBalance(Tx tx, String workspaceId, Consumer c, Instant now) {
    Balance balance =
        c.credits() == null ? null : tx.credits().find(workspaceId, c.id()).orElse(null);
    return withCredits(c, balance, now);
  }

  /** {@code c} as stored, showing {@code balance} (null: none) with refills due by {@code now}. */
  private static Consumer withCredits(Consumer c, Balance balance, Instant now) {
    Credits credits = OwnerCredits.view(WireLimits.policy(c.credits()), balance, now);
    return new Consumer(
        c.id(),
        c.name(),
        c.externalId(),
        c.meta(),
        c.createdAt(),
        c.updatedAt(),
        c.limits(),
        credits);
  }

  static void checkId(String id) {
    if (!Ids.isValid("con", id)) {
      throw InvalidInputException.of("id", "is not a con_ id");
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("consumer", id);
  }

  /**
   * A consumer's limits and credits bind the keys of every service it holds keys for: a root key
   * confined to some services may not set them (it could throttle, or free, keys outside its
   * scope).
   */
  private static void requireWorkspaceWide(MutationContext m) {
    if (m.caller().principal().services().confined()) {
      throw new ForbiddenException(
          "a root key confined to services cannot change a consumer's limits or credits");
    }
  }
}
