package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.T0;
import static dev.latchkey.store.Fixtures.at;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.Consumer;
import dev.latchkey.api.Credits;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.Service;
import dev.latchkey.core.LatchkeyException;
import dev.latchkey.core.limit.CreditPolicy;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.limit.Refill;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.AccessUse;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.FeedEntry;
import dev.latchkey.core.store.IdempotencyRecord;
import dev.latchkey.core.store.KeyFilter;
import dev.latchkey.core.store.KeyRepository.ExpiringKey;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link Store} must have, written once and run against each implementation by
 * subclassing. Each test gets a new, empty store holding two workspaces, {@code ws} and {@code
 * other}, created in that order.
 */
abstract class StoreContract {
  /** A new, empty, migrated store. */
  protected abstract Store openStore();

  protected Store store;
  protected String ws;
  protected String other;

  @BeforeEach
  void openAndSeed() {
    store = openStore();
    ws = Fixtures.workspace(store);
    other = Fixtures.workspace(store);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** Every item of a list, following cursors with pages of {@code size}; checks the cursors. */
  static <T> List<T> pageThrough(int size, Function<PageRequest, Slice<T>> list) {
    List<T> all = new ArrayList<>();
    PageRequest page = PageRequest.first(size);
    for (int guard = 0; guard < 1000; guard++) {
      Slice<T> slice = list.apply(page);
      all.addAll(slice.items());
      if (slice.next().isEmpty()) {
        return all;
      }
      assertThat(slice.items()).hasSize(size);
      page = new PageRequest(size, slice.next().getAsLong());
    }
    throw new AssertionError("the cursor never ended");
  }

  Service insertService(String workspaceId, String name) {
    Service s = Fixtures.service(name);
    write(store, tx -> tx.services().insert(workspaceId, s));
    return s;
  }

  KeyRow insertKey(KeyRow key) {
    write(store, tx -> tx.keys().insert(key));
    return key;
  }

  @Nested
  class Workspaces {
    @Test
    void firstId_isTheOldestWorkspace() {
      assertThat(store.read((Tx tx) -> tx.workspaces().firstId())).contains(ws);
    }

    @Test
    void firstId_ofEmptyStore_isEmpty() {
      try (Store empty = openStore()) {
        assertThat(empty.read((Tx tx) -> tx.workspaces().firstId())).isEmpty();
      }
    }
  }

  @Nested
  class Services {
    @Test
    void insertedService_isFoundByIdAndName() {
      Service s = insertService(ws, "payments");

      assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).contains(s);
      assertThat(store.read((Tx tx) -> tx.services().findByName(ws, "payments"))).contains(s);
      assertThat(store.read((Tx tx) -> tx.services().findByName(ws, "orders"))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.services().find(ws, "svc_missing"))).isEmpty();
    }

    @Test
    void update_writesNameAndPrefix_keepsCreatedAt() {
      Service s = insertService(ws, "payments");
      Service changed = new Service(s.id(), "billing", "bill", s.createdAt(), at(5000));
      write(store, tx -> tx.services().update(ws, changed));

      assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).contains(changed);
      assertThat(store.read((Tx tx) -> tx.services().findByName(ws, "payments"))).isEmpty();
    }

    @Test
    void secondServiceWithSameName_isDuplicateName() {
      insertService(ws, "payments");

      Throwable thrown = catchThrowable(() -> insertService(ws, "payments"));

      assertThat(thrown)
          .isInstanceOfSatisfying(
              DuplicateException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void renamingToATakenName_isDuplicateName() {
      insertService(ws, "payments");
      Service orders = insertService(ws, "orders");
      Service clash = new Service(orders.id(), "payments", "pay", T0, at(1));

      Throwable thrown = catchThrowable(() -> write(store, tx -> tx.services().update(ws, clash)));

      assertThat(thrown)
          .isInstanceOfSatisfying(
              DuplicateException.class, e -> assertThat(e.field()).isEqualTo("name"));
      assertThat(store.read((Tx tx) -> tx.services().find(ws, orders.id()))).contains(orders);
    }

    @Test
    void sameNameInAnotherWorkspace_isAllowed() {
      insertService(ws, "payments");
      Service theirs = insertService(other, "payments");

      assertThat(store.read((Tx tx) -> tx.services().findByName(other, "payments")))
          .contains(theirs);
    }

    @Test
    void list_pagesNewestFirstWithoutGapsOrDuplicates() {
      List<String> ids =
          IntStream.range(0, 7).mapToObj(i -> insertService(ws, "s" + i).id()).toList();

      List<String> listed =
          pageThrough(3, (PageRequest p) -> store.read((Tx tx) -> tx.services().list(ws, p)))
              .stream()
              .map(Service::id)
              .toList();

      assertThat(listed).containsExactlyElementsOf(ids.reversed());
    }
  }

  @Nested
  class Consumers {
    Consumer insert(String workspaceId, Consumer c) {
      write(store, tx -> tx.consumers().insert(workspaceId, c));
      return c;
    }

    @Test
    void insertedConsumer_isFoundWithItsMeta() {
      Consumer c = insert(ws, Fixtures.consumer("shop", "cust-1"));

      assertThat(store.read((Tx tx) -> tx.consumers().find(ws, c.id()))).contains(c);
    }

    @Test
    void consumerWithoutExternalIdOrMeta_roundTrips() {
      Consumer c =
          insert(
              ws,
              new Consumer("con_" + "x".repeat(24), "bare", null, null, T0, T0, List.of(), null));

      assertThat(store.read((Tx tx) -> tx.consumers().find(ws, c.id()))).contains(c);
    }

    @Test
    void update_writesNameExternalIdAndMeta() {
      Consumer c = insert(ws, Fixtures.consumer("shop", "cust-1"));
      Consumer changed =
          new Consumer(
              c.id(),
              "store",
              null,
              Map.of("tier", "silver"),
              c.createdAt(),
              at(9),
              List.of(RateLimit.of("requests", 5, "PT1M")),
              new Credits(null, null));
      write(store, tx -> tx.consumers().update(ws, changed));

      assertThat(store.read((Tx tx) -> tx.consumers().find(ws, c.id()))).contains(changed);
    }

    @Test
    void secondConsumerWithSameExternalId_isDuplicateExternalId() {
      insert(ws, Fixtures.consumer("a", "cust-1"));

      Throwable thrown = catchThrowable(() -> insert(ws, Fixtures.consumer("b", "cust-1")));

      assertThat(thrown)
          .isInstanceOfSatisfying(
              DuplicateException.class, e -> assertThat(e.field()).isEqualTo("external_id"));
    }

    @Test
    void updateToATakenExternalId_isDuplicateExternalId() {
      insert(ws, Fixtures.consumer("a", "cust-1"));
      Consumer b = insert(ws, Fixtures.consumer("b", "cust-2"));
      Consumer clash =
          new Consumer(b.id(), "b", "cust-1", b.meta(), b.createdAt(), at(2), List.of(), null);

      Throwable thrown = catchThrowable(() -> write(store, tx -> tx.consumers().update(ws, clash)));

      assertThat(thrown)
          .isInstanceOfSatisfying(
              DuplicateException.class, e -> assertThat(e.field()).isEqualTo("external_id"));
    }

    @Test
    void limitsOf_isTheStoredRatesAndCreditPolicy_asVerificationAppliesThem() {
      Consumer c = insert(ws, Fixtures.consumer("shop", "cust-1"));
      Consumer bare =
          insert(
              ws,
              new Consumer(
                  Fixtures.consumer("b", null).id(), "b", null, null, T0, T0, List.of(), null));

      assertThat(store.read((Tx tx) -> tx.consumers().limitsOf(ws, c.id())))
          .contains(
              new Limits(
                  List.of(
                      new LimitRule("requests", 100, Duration.ofSeconds(1)),
                      new LimitRule("bulk", 10, Duration.ofDays(1))),
                  new CreditPolicy(new Refill(5000, null, 31))));
      assertThat(store.read((Tx tx) -> tx.consumers().limitsOf(ws, bare.id())))
          .contains(Limits.NONE);
      assertThat(store.read((Tx tx) -> tx.consumers().limitsOf(other, c.id()))).isEmpty();
    }

    @Test
    void manyConsumersWithoutExternalId_andSameExternalIdElsewhere_areAllowed() {
      insert(ws, Fixtures.consumer("a", null));
      insert(ws, Fixtures.consumer("b", null));
      insert(ws, Fixtures.consumer("c", "cust-1"));
      insert(other, Fixtures.consumer("d", "cust-1"));

      assertThat(store.read((Tx tx) -> tx.consumers().list(ws, PageRequest.first(10))).items())
          .hasSize(3);
    }

    @Test
    void list_pagesNewestFirstWithoutGapsOrDuplicates() {
      List<String> ids =
          IntStream.range(0, 6)
              .mapToObj(i -> insert(ws, Fixtures.consumer("c" + i, "x" + i)).id())
              .toList();

      List<String> listed =
          pageThrough(2, (PageRequest p) -> store.read((Tx tx) -> tx.consumers().list(ws, p)))
              .stream()
              .map(Consumer::id)
              .toList();

      assertThat(listed).containsExactlyElementsOf(ids.reversed());
    }
  }

  @Nested
  class KeysRepository {
    Service svc;

    @BeforeEach
    void service() {
      svc = insertService(ws, "payments");
    }

    @Test
    void insertedKey_isFoundWithEveryColumn() {
      KeyRow plain = insertKey(Fixtures.key(ws, svc.id(), null));
      KeyRow full =
          insertKey(
              Fixtures.withState(
                  Fixtures.rotated(Fixtures.key(ws, svc.id(), null), at(100)),
                  false,
                  at(10_000),
                  at(200)));

      assertThat(store.read((Tx tx) -> tx.keys().find(ws, plain.id()))).contains(plain);
      assertThat(store.read((Tx tx) -> tx.keys().find(ws, full.id()))).contains(full);
    }

    @Test
    void update_writesEveryMutableColumn() {
      KeyRow k = insertKey(Fixtures.key(ws, svc.id(), null));
      KeyRow r = Fixtures.rotated(k, at(50));
      KeyRow changed =
          new KeyRow(
              k.id(),
              ws,
              k.serviceId(),
              null,
              "renamed",
              Map.of("env", "staging"),
              false,
              at(99_000),
              k.createdAt(),
              at(60),
              at(70),
              "compromised",
              r.start(),
              r.rotatedAt(),
              r.previousStart(),
              r.graceEndsAt(),
              at(65),
              List.of(),
              List.of(),
              null,
              new Limits(
                  List.of(new LimitRule("requests", 100, Duration.ofSeconds(1))),
                  new CreditPolicy(new Refill(50, Duration.ofHours(1), null))));
      write(store, tx -> tx.keys().update(changed));

      assertThat(store.read((Tx tx) -> tx.keys().find(ws, k.id()))).contains(changed);
    }

    @Test
    void list_pagesNewestFirstWithoutGapsOrDuplicates() {
      List<String> ids =
          IntStream.range(0, 7)
              .mapToObj(i -> insertKey(Fixtures.key(ws, svc.id(), null)).id())
              .toList();
      KeyFilter all = new KeyFilter(Optional.empty(), Optional.empty(), Optional.empty(), T0);

      for (int size : new int[] {1, 3, 7, 10}) {
        List<String> listed =
            pageThrough(size, (PageRequest p) -> store.read((Tx tx) -> tx.keys().list(ws, all, p)))
                .stream()
                .map(KeyRow::id)
                .toList();
        assertThat(listed).as("page size %d", size).containsExactlyElementsOf(ids.reversed());
      }
    }

    @Test
    void pageThatEndsExactlyAtTheLastRow_hasNoCursor() {
      IntStream.range(0, 4).forEach(i -> insertKey(Fixtures.key(ws, svc.id(), null)));
      KeyFilter all = new KeyFilter(Optional.empty(), Optional.empty(), Optional.empty(), T0);

      Slice<KeyRow> first = store.read((Tx tx) -> tx.keys().list(ws, all, PageRequest.first(2)));
      Slice<KeyRow> second =
          store.read(
              (Tx tx) -> tx.keys().list(ws, all, new PageRequest(2, first.next().getAsLong())));

      assertThat(first.next()).isPresent();
      assertThat(second.items()).hasSize(2);
      assertThat(second.next()).isEqualTo(OptionalLong.empty());
    }
  }

  @Nested
  class KeyFilters {
    final Instant now = at(1_000_000);
    Service a;
    Service b;
    String c1;
    String c2;
    KeyRow active;
    KeyRow disabled;
    KeyRow expiredNow;
    KeyRow revokedExpiredDisabled;
    KeyRow expiredDisabled;
    KeyRow activeUntilLater;

    @BeforeEach
    void keys() {
      a = insertService(ws, "a");
      b = insertService(ws, "b");
      Consumer con1 = Fixtures.consumer("one", null);
      Consumer con2 = Fixtures.consumer("two", null);
      write(
          store,
          tx -> {
            tx.consumers().insert(ws, con1);
            tx.consumers().insert(ws, con2);
          });
      c1 = con1.id();
      c2 = con2.id();
      active = insertKey(Fixtures.key(ws, a.id(), c1));
      disabled = insertKey(Fixtures.withState(Fixtures.key(ws, a.id(), c2), false, null, null));
      expiredNow = insertKey(Fixtures.withState(Fixtures.key(ws, b.id(), c1), true, now, null));
      revokedExpiredDisabled =
          insertKey(Fixtures.withState(Fixtures.key(ws, b.id(), null), false, at(1), at(2)));
      expiredDisabled =
          insertKey(Fixtures.withState(Fixtures.key(ws, a.id(), c1), false, at(5), null));
      activeUntilLater =
          insertKey(
              Fixtures.withState(Fixtures.key(ws, a.id(), c1), true, now.plusMillis(1), null));
    }

    List<KeyRow> list(Optional<String> service, Optional<String> consumer, KeyState state) {
      KeyFilter f = new KeyFilter(service, consumer, Optional.ofNullable(state), now);
      return pageThrough(2, (PageRequest p) -> store.read((Tx tx) -> tx.keys().list(ws, f, p)));
    }

    @Test
    void byService() {
      assertThat(list(Optional.of(a.id()), Optional.empty(), null))
          .containsExactly(activeUntilLater, expiredDisabled, disabled, active);
    }

    @Test
    void byConsumer() {
      assertThat(list(Optional.empty(), Optional.of(c1), null))
          .containsExactly(activeUntilLater, expiredDisabled, expiredNow, active);
    }

    @Test
    void byState_withPrecedenceRevokedExpiredDisabledActive() {
      assertThat(list(Optional.empty(), Optional.empty(), KeyState.ACTIVE))
          .containsExactly(activeUntilLater, active);
      assertThat(list(Optional.empty(), Optional.empty(), KeyState.DISABLED))
          .containsExactly(disabled);
      assertThat(list(Optional.empty(), Optional.empty(), KeyState.EXPIRED))
          .containsExactly(expiredDisabled, expiredNow);
      assertThat(list(Optional.empty(), Optional.empty(), KeyState.REVOKED))
          .containsExactly(revokedExpiredDisabled);
    }

    @ParameterizedTest
    @EnumSource(KeyState.class)
    void byState_agreesWithTheCoresDefinitionOfState(KeyState state) {
      List<KeyRow> all = list(Optional.empty(), Optional.empty(), null);

      assertThat(list(Optional.empty(), Optional.empty(), state))
          .isNotEmpty()
          .containsExactlyElementsOf(
              all.stream().filter(k -> Keys.stateOf(k, now) == state).toList());
    }

    @Test
    void byServiceConsumerAndStateTogether() {
      assertThat(list(Optional.of(a.id()), Optional.of(c1), KeyState.ACTIVE))
          .containsExactly(activeUntilLater, active);
      assertThat(list(Optional.of(b.id()), Optional.of(c2), null)).isEmpty();
    }

    @Test
    void noFilter_listsEveryKeyOfTheWorkspace() {
      assertThat(list(Optional.empty(), Optional.empty(), null)).hasSize(6);
    }
  }

  @Nested
  class Expiry {
    final Instant now = at(1_000_000);
    final Instant weekLater = now.plus(Duration.ofDays(7));
    Service s;

    @BeforeEach
    void service() {
      s = insertService(ws, "s");
    }

    KeyRow key(
        String workspace, String service, boolean enabled, Instant expires, Instant revoked) {
      return insertKey(
          Fixtures.withState(Fixtures.key(workspace, service, null), enabled, expires, revoked));
    }

    List<KeyRow> list(KeyFilter f) {
      return pageThrough(2, (PageRequest p) -> store.read((Tx tx) -> tx.keys().list(ws, f, p)));
    }

    @Test
    void expiringBy_listsLiveKeysExpiringAfterNowAndByTheEnd_newestFirst() {
      key(ws, s.id(), true, null, null);
      key(ws, s.id(), true, now, null);
      KeyRow soon = key(ws, s.id(), true, now.plusMillis(1), null);
      KeyRow disabled = key(ws, s.id(), false, now.plus(Duration.ofDays(3)), null);
      key(ws, s.id(), true, now.plus(Duration.ofDays(3)), at(5));
      KeyRow atTheEnd = key(ws, s.id(), true, weekLater, null);
      key(ws, s.id(), true, weekLater.plusMillis(1), null);
      key(other, insertService(other, "o").id(), true, now.plusMillis(1), null);

      KeyFilter f = new KeyFilter(Optional.empty(), Optional.empty(), Optional.empty(), now);

      assertThat(list(f.expiringBy(weekLater))).containsExactly(atTheEnd, disabled, soon);
      assertThat(list(f.expiringBy(weekLater).within(Optional.of(java.util.Set.of(s.id())))))
          .containsExactly(atTheEnd, disabled, soon);
      assertThat(list(f)).hasSize(7);
    }

    @Test
    void expiringBy_combinesWithState() {
      KeyRow active = key(ws, s.id(), true, now.plus(Duration.ofDays(1)), null);
      key(ws, s.id(), false, now.plus(Duration.ofDays(1)), null);
      KeyFilter f =
          new KeyFilter(Optional.empty(), Optional.empty(), Optional.of(KeyState.ACTIVE), now);

      assertThat(list(f.expiringBy(weekLater))).containsExactly(active);
      assertThat(
              list(
                  new KeyFilter(
                          Optional.empty(), Optional.empty(), Optional.of(KeyState.EXPIRED), now)
                      .expiringBy(weekLater)))
          .isEmpty();
    }

    @Test
    void expiring_coversEveryWorkspace_pagedByKeyId() {
      Service o = insertService(other, "o");
      KeyRow mine = key(ws, s.id(), true, now.plus(Duration.ofDays(2)), null);
      KeyRow theirs = key(other, o.id(), false, now.plus(Duration.ofDays(6)), null);
      KeyRow withConsumer =
          insertKey(
              Fixtures.withState(
                  Fixtures.key(ws, s.id(), insertConsumer()), true, weekLater, null));
      key(ws, s.id(), true, now, null);
      key(ws, s.id(), true, weekLater.plusMillis(1), null);
      key(other, o.id(), true, now.plusMillis(5), at(1));
      key(ws, s.id(), true, null, null);

      List<ExpiringKey> found = new ArrayList<>();
      String after = "";
      while (true) {
        String from = after;
        List<ExpiringKey> page = store.read((Tx tx) -> tx.keys().expiring(now, weekLater, from, 2));
        found.addAll(page);
        if (page.size() < 2) {
          break;
        }
        after = page.getLast().keyId();
      }

      assertThat(found)
          .extracting(ExpiringKey::keyId)
          .containsExactlyElementsOf(
              java.util.stream.Stream.of(mine, theirs, withConsumer)
                  .map(KeyRow::id)
                  .sorted()
                  .toList());
      assertThat(found)
          .filteredOn(k -> k.keyId().equals(withConsumer.id()))
          .singleElement()
          .isEqualTo(
              new ExpiringKey(
                  ws,
                  withConsumer.id(),
                  s.id(),
                  Optional.of(withConsumer.consumerId()),
                  weekLater));
      assertThat(found)
          .filteredOn(k -> k.keyId().equals(theirs.id()))
          .singleElement()
          .isEqualTo(
              new ExpiringKey(other, theirs.id(), o.id(), Optional.empty(), theirs.expiresAt()));
    }

    String insertConsumer() {
      Consumer c = Fixtures.consumer("c", null);
      write(store, tx -> tx.consumers().insert(ws, c));
      return c.id();
    }
  }

  @Nested
  class RootKeys {
    @Test
    void insertedRootKey_isFoundAndUpdated() {
      RootKeyRow r = Fixtures.rootKey(ws);
      write(store, tx -> tx.rootKeys().insert(r));
      assertThat(store.read((Tx tx) -> tx.rootKeys().find(ws, r.id()))).contains(r);

      RootKeyRow revoked =
          new RootKeyRow(
              r.id(),
              ws,
              "renamed",
              r.start(),
              List.of("*"),
              null,
              r.createdAt(),
              at(9),
              "gone",
              null,
              List.of());
      write(store, tx -> tx.rootKeys().update(revoked));

      assertThat(store.read((Tx tx) -> tx.rootKeys().find(ws, r.id()))).contains(revoked);
    }

    @Test
    void list_pagesNewestFirstWithoutGapsOrDuplicates() {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        RootKeyRow r = Fixtures.rootKey(ws);
        write(store, tx -> tx.rootKeys().insert(r));
        ids.add(r.id());
      }

      List<String> listed =
          pageThrough(2, (PageRequest p) -> store.read((Tx tx) -> tx.rootKeys().list(ws, p)))
              .stream()
              .map(RootKeyRow::id)
              .toList();

      assertThat(listed).containsExactlyElementsOf(ids.reversed());
    }
  }

  @Nested
  class Secrets {
    @Test
    void ofOwner_isNewestFirst_retiredIncluded_othersExcluded() {
      SecretRow s1 = Fixtures.secret(ws, "key_owner", at(1));
      SecretRow s2 = Fixtures.secret(ws, "key_owner", at(2));
      SecretRow s3 = Fixtures.secret(ws, "key_owner", at(3));
      SecretRow elsewhere = Fixtures.secret(ws, "key_other", at(4));
      write(
          store,
          tx -> {
            tx.secrets().insert(s1);
            tx.secrets().insert(s2);
            tx.secrets().retire(ws, s1.digest(), at(10));
            tx.secrets().insert(s3);
            tx.secrets().insert(elsewhere);
          });

      assertThat(store.read((Tx tx) -> tx.secrets().ofOwner(ws, "key_owner")))
          .containsExactly(
              s3,
              s2,
              new SecretRow(ws, s1.digest(), "key_owner", s1.start(), s1.createdAt(), at(10)));
      assertThat(store.read((Tx tx) -> tx.secrets().ofOwner(ws, "key_nobody"))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.secrets().ofOwner(other, "key_owner")))
          .as("another workspace sees none of them")
          .isEmpty();
      write(store, tx -> tx.secrets().retire(other, s2.digest(), at(20)));
      assertThat(store.read((Tx tx) -> tx.secrets().ofOwner(ws, "key_owner")).get(1).retiresAt())
          .as("another workspace cannot retire them")
          .isNull();
    }

    @Test
    void secondSecretWithSameDigest_isDuplicateDigest() {
      SecretRow s = Fixtures.secret(ws, "key_a", T0);
      write(store, tx -> tx.secrets().insert(s));
      SecretRow again = new SecretRow(ws, s.digest(), "key_b", "x", T0, null);

      Throwable thrown = catchThrowable(() -> write(store, tx -> tx.secrets().insert(again)));

      assertThat(thrown)
          .isInstanceOfSatisfying(
              DuplicateException.class, e -> assertThat(e.field()).isEqualTo("digest"));
    }
  }

  @Nested
  class Audit {
    @Test
    void list_isNewestFirst_andEventsRoundTrip() {
      AuditEvent e1 = Fixtures.event("key.created", at(1));
      AuditEvent e2 =
          new AuditEvent(
              "evt_" + "b".repeat(24),
              at(2),
              new AuditEvent.Actor("system", "system"),
              "workspace.created",
              new AuditEvent.Target("workspace", ws),
              null,
              null,
              null);
      AuditEvent e3 = Fixtures.event("key.revoked", at(3));
      write(
          store,
          tx -> {
            tx.audit().append(ws, e1);
            tx.audit().append(ws, e2);
            tx.audit().append(ws, e3);
          });

      assertThat(pageThrough(2, (PageRequest p) -> store.read((Tx tx) -> tx.audit().list(ws, p))))
          .extracting(AuditEvent::draft)
          .containsExactly(e3, e2, e1);
    }
  }

  @Nested
  class Changes {
    Change change(String id) {
      return new Change(ws, "key", id, "updated", T0);
    }

    @Test
    void lastSeq_ofEmptyFeed_isZero() {
      assertThat(store.read((Tx tx) -> tx.changes().lastSeq())).isZero();
    }

    @Test
    void seq_isStrictlyIncreasing_withinAndAcrossTransactions() {
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String id = "key_" + i;
        seqs.add(store.write((Tx tx) -> tx.changes().append(change(id))));
      }
      store.write(
          tx -> {
            seqs.add(tx.changes().append(change("key_x")));
            seqs.add(tx.changes().append(change("key_y")));
            return null;
          });

      assertThat(seqs).isSorted().doesNotHaveDuplicates().allMatch(s -> s > 0);
      assertThat(store.read((Tx tx) -> tx.changes().lastSeq())).isEqualTo(seqs.getLast());
    }

    /** Appends one change per element, each in its own transaction; returns their seqs. */
    List<Long> append(List<Change> changes) {
      List<Long> seqs = new ArrayList<>();
      for (Change c : changes) {
        seqs.add(store.write((Tx tx) -> tx.changes().append(c)));
      }
      return seqs;
    }

    @Test
    void firstSeq_isEmptyForAnEmptyFeed_thenTheLowestStored() {
      assertThat(store.read((Tx tx) -> tx.changes().firstSeq())).isEmpty();

      List<Long> seqs = append(List.of(change("key_a"), change("key_b")));

      assertThat(store.read((Tx tx) -> tx.changes().firstSeq()))
          .isEqualTo(OptionalLong.of(seqs.getFirst()));
    }

    @Test
    void after_returnsLaterRecordsOfEveryWorkspace_ascending_upToTheLimit() {
      Change mine = new Change(ws, "key", "key_1", "created", at(1));
      Change theirs = new Change(other, "service", "svc_2", "updated", at(2));
      Change mineAgain = new Change(ws, "root_key", "rk_3", "revoked", at(3));
      List<Long> seqs = append(List.of(mine, theirs, mineAgain));

      assertThat(store.read((Tx tx) -> tx.changes().after(0, 10)))
          .containsExactly(
              new FeedEntry(seqs.get(0), mine),
              new FeedEntry(seqs.get(1), theirs),
              new FeedEntry(seqs.get(2), mineAgain));
      assertThat(store.read((Tx tx) -> tx.changes().after(seqs.get(0), 1)))
          .containsExactly(new FeedEntry(seqs.get(1), theirs));
      assertThat(store.read((Tx tx) -> tx.changes().after(seqs.get(2), 10))).isEmpty();
    }

    @Test
    void afterInWorkspace_returnsOnlyThatWorkspacesRecords() {
      Change mine = new Change(ws, "key", "key_1", "created", at(1));
      Change theirs = new Change(other, "key", "key_2", "created", at(2));
      Change mineAgain = new Change(ws, "key", "key_3", "revoked", at(3));
      List<Long> seqs = append(List.of(mine, theirs, mineAgain));

      assertThat(store.read((Tx tx) -> tx.changes().after(ws, 0, 10)))
          .containsExactly(new FeedEntry(seqs.get(0), mine), new FeedEntry(seqs.get(2), mineAgain));
      assertThat(store.read((Tx tx) -> tx.changes().after(ws, seqs.get(0), 10)))
          .containsExactly(new FeedEntry(seqs.get(2), mineAgain));
      assertThat(store.read((Tx tx) -> tx.changes().after(other, 0, 10)))
          .containsExactly(new FeedEntry(seqs.get(1), theirs));
      assertThat(store.read((Tx tx) -> tx.changes().after(ws, 0, 1))).hasSize(1);
    }

    @Test
    void deleteOlderThan_removesOlderRecords_butAlwaysKeepsTheNewest() {
      List<Long> seqs =
          append(
              List.of(
                  new Change(ws, "key", "key_1", "created", at(0)),
                  new Change(other, "key", "key_2", "created", at(500)),
                  new Change(ws, "key", "key_3", "created", at(1000)),
                  new Change(ws, "key", "key_4", "created", at(2000))));

      int deleted = store.write((Tx tx) -> tx.changes().deleteOlderThan(at(1000)));

      assertThat(deleted).isEqualTo(2);
      assertThat(store.read((Tx tx) -> tx.changes().after(0, 10)))
          .extracting(FeedEntry::seq)
          .containsExactly(seqs.get(2), seqs.get(3));
      assertThat(store.read((Tx tx) -> tx.changes().firstSeq()))
          .isEqualTo(OptionalLong.of(seqs.get(2)));

      int all = store.write((Tx tx) -> tx.changes().deleteOlderThan(at(99_000)));

      assertThat(all).as("everything is older, but the newest stays").isEqualTo(1);
      assertThat(store.read((Tx tx) -> tx.changes().lastSeq())).isEqualTo(seqs.get(3));
      assertThat(store.read((Tx tx) -> tx.changes().firstSeq()))
          .isEqualTo(OptionalLong.of(seqs.get(3)));
    }

    @Test
    void seqAfterPruning_keepsGrowing() {
      long before = append(List.of(change("key_a"), change("key_b"))).getLast();
      store.write((Tx tx) -> tx.changes().deleteOlderThan(at(99_000)));

      long next = append(List.of(change("key_c"))).getFirst();

      assertThat(next).isGreaterThan(before);
    }
  }

  @Nested
  class Bootstrap {
    @Test
    void firstClaimSucceeds_everyLaterOneIsDuplicateBootstrap() {
      write(store, tx -> tx.workspaces().claimBootstrap(T0));

      Throwable thrown =
          catchThrowable(() -> write(store, tx -> tx.workspaces().claimBootstrap(at(1))));

      assertThat(thrown)
          .isInstanceOfSatisfying(
              DuplicateException.class, e -> assertThat(e.field()).isEqualTo("bootstrap"));
    }

    @Test
    void claimInATransactionThatRollsBack_leavesTheBootstrapUnclaimed() {
      IllegalStateException failure = new IllegalStateException("bootstrap failed later");
      Throwable thrown =
          catchThrowable(
              () ->
                  write(
                      store,
                      tx -> {
                        tx.workspaces().claimBootstrap(T0);
                        throw failure;
                      }));
      assertThat(thrown).isSameAs(failure);

      write(store, tx -> tx.workspaces().claimBootstrap(at(1)));
    }
  }

  @Nested
  class ChangeNotifications {
    final AtomicInteger wakes = new AtomicInteger();

    @Test
    void writeThatAppendsAChange_wakesTheListener_beforeItReturns() throws Exception {
      try (AutoCloseable subscription = store.onChangesCommitted(wakes::incrementAndGet)) {
        int before = wakes.get();

        write(store, tx -> tx.changes().append(new Change(ws, "key", "key_1", "revoked", T0)));

        assertThat(wakes.get()).isGreaterThan(before);
      }
    }

    @Test
    void everyListenerIsWoken_evenWhenAnotherThrows() throws Exception {
      AtomicInteger second = new AtomicInteger();
      try (AutoCloseable failing =
              store.onChangesCommitted(
                  () -> {
                    throw new IllegalStateException("a broken listener");
                  });
          AutoCloseable working = store.onChangesCommitted(second::incrementAndGet)) {
        long seq =
            store.write((Tx tx) -> tx.changes().append(new Change(ws, "key", "k", "created", T0)));

        assertThat(second.get()).isPositive();
        assertThat(store.read((Tx tx) -> tx.changes().lastSeq()))
            .as("the write committed and returned normally")
            .isEqualTo(seq);
      }
    }

    @Test
    void closedSubscription_isNotWokenAnyMore() throws Exception {
      AutoCloseable subscription = store.onChangesCommitted(wakes::incrementAndGet);
      subscription.close();

      write(store, tx -> tx.changes().append(new Change(ws, "key", "key_1", "revoked", T0)));
      Thread.sleep(300); // a notification from the database would arrive within this

      assertThat(wakes.get()).isZero();
    }
  }

  @Nested
  class Idempotency {
    IdempotencyRecord record(String workspaceId, String key, Instant createdAt) {
      return new IdempotencyRecord(
          workspaceId, "rk_scope", key, new byte[] {1, 2, 3}, 201, new byte[] {9, 8}, createdAt);
    }

    @Test
    void insertedRecord_isFoundByWorkspaceScopeAndKey() {
      write(store, tx -> tx.idempotency().insert(record(ws, "abc", T0)));

      Optional<IdempotencyRecord> found =
          store.read((Tx tx) -> tx.idempotency().find(ws, "rk_scope", "abc"));

      assertThat(found).isPresent();
      IdempotencyRecord r = found.get();
      assertThat(r.workspaceId()).isEqualTo(ws);
      assertThat(r.scope()).isEqualTo("rk_scope");
      assertThat(r.idempotencyKey()).isEqualTo("abc");
      assertThat(r.fingerprint()).containsExactly(1, 2, 3);
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.sealedResponse()).containsExactly(9, 8);
      assertThat(r.createdAt()).isEqualTo(T0);
      assertThat(store.read((Tx tx) -> tx.idempotency().find(ws, "rk_else", "abc"))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.idempotency().find(ws, "rk_scope", "abd"))).isEmpty();
    }

    @Test
    void sameKeyTwice_isDuplicateIdempotencyKey() {
      write(store, tx -> tx.idempotency().insert(record(ws, "abc", T0)));

      Throwable thrown =
          catchThrowable(
              () -> write(store, tx -> tx.idempotency().insert(record(ws, "abc", at(1)))));

      assertThat(thrown)
          .isInstanceOfSatisfying(
              DuplicateException.class, e -> assertThat(e.field()).isEqualTo("idempotency_key"));
    }

    @Test
    void deleteOlderThan_removesOnlyOlderRecords_andCountsThem() {
      write(
          store,
          tx -> {
            tx.idempotency().insert(record(ws, "old", at(0)));
            tx.idempotency().insert(record(other, "old", at(500)));
            tx.idempotency().insert(record(ws, "edge", at(1000)));
            tx.idempotency().insert(record(ws, "new", at(2000)));
          });

      int deleted = store.write((Tx tx) -> tx.idempotency().deleteOlderThan(at(1000)));

      assertThat(deleted).isEqualTo(2);
      assertThat(store.read((Tx tx) -> tx.idempotency().find(ws, "rk_scope", "old"))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.idempotency().find(other, "rk_scope", "old"))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.idempotency().find(ws, "rk_scope", "edge"))).isPresent();
      assertThat(store.read((Tx tx) -> tx.idempotency().find(ws, "rk_scope", "new"))).isPresent();
    }
  }

  @Nested
  class Transactions {
    @Test
    void write_returnsWhatTheWorkReturns_andCommits() {
      Service s = Fixtures.service("payments");

      String id =
          store.write(
              tx -> {
                tx.services().insert(ws, s);
                return s.id();
              });

      assertThat(id).isEqualTo(s.id());
      assertThat(store.read((Tx tx) -> tx.services().find(ws, id))).contains(s);
    }

    @Test
    void writeWhoseWorkThrows_leavesNothingBehind() {
      long seqBefore = store.read((Tx tx) -> tx.changes().lastSeq());
      Service s = Fixtures.service("payments");
      KeyRow k = Fixtures.key(ws, s.id(), null);
      SecretRow secret = Fixtures.secret(ws, k.id(), T0);
      LatchkeyException failure = new LatchkeyException("use case refused");

      Throwable thrown =
          catchThrowable(
              () ->
                  write(
                      store,
                      tx -> {
                        tx.services().insert(ws, s);
                        tx.keys().insert(k);
                        tx.secrets().insert(secret);
                        tx.audit().append(ws, Fixtures.event("key.created", T0));
                        tx.changes().append(new Change(ws, "key", k.id(), "created", T0));
                        tx.idempotency()
                            .insert(
                                new IdempotencyRecord(
                                    ws, "rk_a", "idem", new byte[1], 201, new byte[1], T0));
                        throw failure;
                      }));

      assertThat(thrown).isSameAs(failure);
      assertNothingOf(s, k, secret.digest(), seqBefore);
      assertThat(store.read((Tx tx) -> tx.idempotency().find(ws, "rk_a", "idem"))).isEmpty();
    }

    private void assertNothingOf(Service s, KeyRow k, Digest digest, long seqBefore) {
      assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.keys().find(ws, k.id()))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.secrets().ofOwner(ws, k.id()))).isEmpty();
      assertThat(store.findCredential(digest)).isEmpty();
      assertThat(store.read((Tx tx) -> tx.audit().list(ws, PageRequest.first(10))).items())
          .isEmpty();
      assertThat(store.read((Tx tx) -> tx.changes().lastSeq())).isEqualTo(seqBefore);
    }

    @Test
    void duplicateMidWrite_rollsBackTheEarlierStatementsToo() {
      insertService(ws, "payments");
      Service fresh = Fixtures.service("orders");

      assertThatThrownBy(
              () ->
                  write(
                      store,
                      tx -> {
                        tx.services().insert(ws, fresh);
                        tx.changes().append(new Change(ws, "service", fresh.id(), "created", T0));
                        tx.services().insert(ws, Fixtures.service("payments"));
                      }))
          .isInstanceOf(DuplicateException.class);

      assertThat(store.read((Tx tx) -> tx.services().find(ws, fresh.id()))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.changes().lastSeq())).isZero();
    }

    @Test
    void otherExceptions_propagateUnchanged_andRollBack() {
      Service s = Fixtures.service("payments");
      IllegalStateException bug = new IllegalStateException("a bug");

      Throwable thrown =
          catchThrowable(
              () ->
                  write(
                      store,
                      tx -> {
                        tx.services().insert(ws, s);
                        throw bug;
                      }));

      assertThat(thrown)
          .as("a bug inside the work is not a store outage (which would read as 'retry later')")
          .isSameAs(bug);
      assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).isEmpty();
    }

    @Test
    void read_cannotWrite() {
      Service s = Fixtures.service("payments");

      assertThatThrownBy(
              () ->
                  store.read(
                      tx -> {
                        tx.services().insert(ws, s);
                        return null;
                      }))
          .isInstanceOf(StoreException.class);
      assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).isEmpty();
    }

    @Test
    void storeFailure_isStoreException_withoutTheValuesInvolved() {
      KeyRow orphan = Fixtures.key(ws, "svc_doesnotexist000000000000", null);

      Throwable thrown = catchThrowable(() -> insertKey(orphan));

      assertThat(thrown).isInstanceOf(StoreException.class);
      assertThat(thrown.getMessage()).doesNotContain(orphan.id()).doesNotContain("svc_");
    }
  }

  @Nested
  class TenantIsolation {
    @Test
    void rowsOfOneWorkspace_areNotFoundFromAnother() {
      Service s = insertService(ws, "payments");
      Consumer c = Fixtures.consumer("shop", "cust-1");
      KeyRow k = Fixtures.key(ws, s.id(), c.id());
      RootKeyRow r = Fixtures.rootKey(ws);
      write(
          store,
          tx -> {
            tx.consumers().insert(ws, c);
            tx.keys().insert(k);
            tx.rootKeys().insert(r);
            tx.audit().append(ws, Fixtures.event("key.created", T0));
            tx.idempotency()
                .insert(
                    new IdempotencyRecord(ws, "rk_a", "idem", new byte[1], 201, new byte[1], T0));
          });
      PageRequest page = PageRequest.first(100);
      KeyFilter all = new KeyFilter(Optional.empty(), Optional.empty(), Optional.empty(), T0);

      store.read(
          tx -> {
            assertThat(tx.services().find(other, s.id())).isEmpty();
            assertThat(tx.services().findByName(other, "payments")).isEmpty();
            assertThat(tx.services().list(other, page).items()).isEmpty();
            assertThat(tx.consumers().find(other, c.id())).isEmpty();
            assertThat(tx.consumers().list(other, page).items()).isEmpty();
            assertThat(tx.keys().find(other, k.id())).isEmpty();
            assertThat(tx.keys().list(other, all, page).items()).isEmpty();
            assertThat(tx.rootKeys().find(other, r.id())).isEmpty();
            assertThat(tx.rootKeys().list(other, page).items()).isEmpty();
            assertThat(tx.audit().list(other, page).items()).isEmpty();
            assertThat(tx.idempotency().find(other, "rk_a", "idem")).isEmpty();
            // and all of it is there for its own workspace
            assertThat(tx.keys().list(ws, all, page).items()).containsExactly(k);
            assertThat(tx.audit().list(ws, page).items()).hasSize(1);
            return null;
          });
    }

    @Test
    void updatesNamingAnotherWorkspace_changeNothing() {
      Service s = insertService(ws, "payments");
      KeyRow k = insertKey(Fixtures.key(ws, s.id(), null));
      RootKeyRow r = Fixtures.rootKey(ws);
      write(store, tx -> tx.rootKeys().insert(r));

      write(
          store,
          tx -> {
            tx.services().update(other, new Service(s.id(), "hijacked", "x", T0, at(1)));
            tx.keys()
                .update(
                    Fixtures.withState(
                        new KeyRow(
                            k.id(),
                            other,
                            k.serviceId(),
                            null,
                            "x",
                            Map.of(),
                            true,
                            null,
                            T0,
                            at(1),
                            null,
                            null,
                            "x",
                            null,
                            null,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            null,
                            Limits.NONE),
                        false,
                        null,
                        at(1)));
            tx.rootKeys()
                .update(
                    new RootKeyRow(
                        r.id(),
                        other,
                        "x",
                        "x",
                        List.of("*"),
                        null,
                        T0,
                        at(1),
                        "x",
                        null,
                        List.of()));
          });

      assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).contains(s);
      assertThat(store.read((Tx tx) -> tx.keys().find(ws, k.id()))).contains(k);
      assertThat(store.read((Tx tx) -> tx.rootKeys().find(ws, r.id()))).contains(r);
    }

    @Test
    void keyPointingAtAnotherWorkspacesService_isRefused() {
      Service theirs = insertService(ws, "payments");

      Throwable thrown = catchThrowable(() -> insertKey(Fixtures.key(other, theirs.id(), null)));

      assertThat(thrown)
          .isInstanceOf(StoreException.class)
          .isNotInstanceOf(DuplicateException.class);
    }
  }

  @Nested
  class FindCredential {
    Service svc;
    KeyRow key;

    @BeforeEach
    void key() {
      svc = insertService(ws, "payments");
      key = insertKey(Fixtures.key(ws, svc.id(), null));
    }

    @Test
    void liveKeySecret_opensTheKey() {
      SecretRow s = Fixtures.secret(ws, key.id(), T0);
      write(store, tx -> tx.secrets().insert(s));

      assertThat(store.findCredential(s.digest())).contains(new Credential.OfKey(key, null));
    }

    @Test
    void retiredKeySecret_carriesItsRetirement() {
      SecretRow old = Fixtures.secret(ws, key.id(), T0);
      SecretRow fresh = Fixtures.secret(ws, key.id(), at(10));
      KeyRow rotated = Fixtures.rotated(key, at(10));
      write(
          store,
          tx -> {
            tx.secrets().insert(old);
            tx.secrets().retire(ws, old.digest(), at(3_600_010));
            tx.secrets().insert(fresh);
            tx.keys().update(rotated);
          });

      assertThat(store.findCredential(old.digest()))
          .contains(new Credential.OfKey(rotated, at(3_600_010)));
      assertThat(store.findCredential(fresh.digest()))
          .contains(new Credential.OfKey(rotated, null));
    }

    @Test
    void rootKeySecret_opensTheRootKey() {
      RootKeyRow r = Fixtures.rootKey(ws);
      SecretRow s = Fixtures.secret(ws, r.id(), T0);
      write(
          store,
          tx -> {
            tx.rootKeys().insert(r);
            tx.secrets().insert(s);
          });

      assertThat(store.findCredential(s.digest())).contains(new Credential.OfRootKey(r, null));
    }

    @Test
    void keySecret_carriesTheKeysLimits() {
      Limits limits =
          new Limits(
              List.of(new LimitRule("requests", 7, Duration.ofMinutes(1))), new CreditPolicy(null));
      KeyRow limited = insertKey(Fixtures.key(ws, svc.id(), null).withLimits(limits, at(1)));
      SecretRow s = Fixtures.secret(ws, limited.id(), T0);
      write(store, tx -> tx.secrets().insert(s));

      assertThat(store.findCredential(s.digest()))
          .hasValueSatisfying(
              c -> assertThat(((Credential.OfKey) c).key().limits()).isEqualTo(limits));
    }

    @Test
    void unknownDigest_andSecretWithoutOwner_openNothing() {
      SecretRow orphan = Fixtures.secret(ws, "key_" + "z".repeat(24), T0);
      write(store, tx -> tx.secrets().insert(orphan));

      assertThat(store.findCredential(Fixtures.digest())).isEmpty();
      assertThat(store.findCredential(orphan.digest())).isEmpty();
    }

    @Test
    void reflectsTheLatestCommittedStateOfTheKey() {
      SecretRow s = Fixtures.secret(ws, key.id(), T0);
      write(store, tx -> tx.secrets().insert(s));
      KeyRow revoked = Fixtures.withState(key, true, null, at(5));
      write(store, tx -> tx.keys().update(revoked));

      assertThat(store.findCredential(s.digest()))
          .hasValueSatisfying(
              c -> assertThat(((Credential.OfKey) c).key().revokedAt()).isEqualTo(at(5)));
    }
  }

  @Nested
  class PreviousSecretUse {
    Service svc;

    @BeforeEach
    void service() {
      svc = insertService(ws, "payments");
    }

    Instant lastUsed(KeyRow k) {
      return store
          .read((Tx tx) -> tx.keys().find(ws, k.id()))
          .orElseThrow()
          .previousSecretLastUsedAt();
    }

    @Test
    void keepsTheLatestTime() {
      KeyRow k = insertKey(Fixtures.rotated(Fixtures.key(ws, svc.id(), null), at(10)));

      store.recordPreviousSecretUse(Map.of(k.id(), at(20)));
      assertThat(lastUsed(k)).isEqualTo(at(20));
      store.recordPreviousSecretUse(Map.of(k.id(), at(15)));
      assertThat(lastUsed(k)).isEqualTo(at(20));
      store.recordPreviousSecretUse(Map.of(k.id(), at(30)));
      assertThat(lastUsed(k)).isEqualTo(at(30));
    }

    @Test
    void updatesManyKeysInOneCall_andIgnoresUnknownOrUnrotatedKeys() {
      KeyRow a = insertKey(Fixtures.rotated(Fixtures.key(ws, svc.id(), null), at(10)));
      KeyRow b = insertKey(Fixtures.rotated(Fixtures.key(ws, svc.id(), null), at(10)));
      KeyRow never = insertKey(Fixtures.key(ws, svc.id(), null));

      store.recordPreviousSecretUse(
          Map.of(a.id(), at(11), b.id(), at(12), never.id(), at(13), "key_unknown", at(14)));
      store.recordPreviousSecretUse(Map.of());

      assertThat(lastUsed(a)).isEqualTo(at(11));
      assertThat(lastUsed(b)).isEqualTo(at(12));
      assertThat(lastUsed(never)).isNull();
    }

    @Test
    void useSeenBeforeTheLatestRotation_isNotCounted() {
      KeyRow k = insertKey(Fixtures.rotated(Fixtures.key(ws, svc.id(), null), at(100)));

      store.recordPreviousSecretUse(Map.of(k.id(), at(99)));

      assertThat(lastUsed(k)).isNull();
    }
  }

  @Nested
  class AccessUsage {
    static final long DAY = 20_500;

    AccessUsageRow row(String keyId, long day, String grant, String permission, Instant at) {
      return new AccessUsageRow(ws, keyId, day, "key", grant, permission, at);
    }

    List<AccessUse> since(String workspaceId, String keyId, long fromDay) {
      return store.read((Tx tx) -> tx.accessUsage().since(workspaceId, keyId, fromDay));
    }

    @Test
    void upsert_keepsTheLatestLastAt_whicheverOrderTheyCome() {
      store.recordAccessUsage(List.of(row("key_a", DAY, "orders:*", "orders:read", at(20))));
      store.recordAccessUsage(List.of(row("key_a", DAY, "orders:*", "orders:read", at(10))));
      assertThat(since(ws, "key_a", DAY))
          .containsExactly(new AccessUse("key", "orders:*", "orders:read", at(20)));

      store.recordAccessUsage(List.of(row("key_a", DAY, "orders:*", "orders:read", at(30))));
      assertThat(since(ws, "key_a", DAY))
          .containsExactly(new AccessUse("key", "orders:*", "orders:read", at(30)));
    }

    @Test
    void oneBatch_writesManyRows_andTheSameRowTwice_keepsTheLater() {
      store.recordAccessUsage(
          List.of(
              row("key_a", DAY, "orders:*", "orders:read", at(5)),
              row("key_a", DAY, "orders:*", "orders:read", at(7)),
              row("key_a", DAY, "orders:*", "orders:write", at(6)),
              new AccessUsageRow(ws, "key_a", DAY, "role_1", "?", "", at(8))));
      store.recordAccessUsage(List.of());

      assertThat(since(ws, "key_a", DAY))
          .containsExactly(
              new AccessUse("key", "orders:*", "orders:read", at(7)),
              new AccessUse("key", "orders:*", "orders:write", at(6)),
              new AccessUse("role_1", "?", "", at(8)));
      assertThat(since(ws, "key_a", DAY).getLast().isCondition()).isTrue();
    }

    @Test
    void since_sumsUpDaysFromTheFirstOn_forOneKeyOfOneWorkspace() {
      store.recordAccessUsage(
          List.of(
              row("key_a", DAY - 2, "orders:*", "orders:read", at(1)),
              row("key_a", DAY - 1, "orders:*", "orders:read", at(3)),
              row("key_a", DAY, "orders:*", "orders:read", at(2)),
              row("key_a", DAY - 2, "orders:*", "orders:write", at(4)),
              row("key_b", DAY, "orders:*", "orders:read", at(9)),
              new AccessUsageRow(other, "key_a", DAY, "key", "orders:*", "orders:list", at(9))));

      assertThat(since(ws, "key_a", DAY - 1))
          .containsExactly(new AccessUse("key", "orders:*", "orders:read", at(3)));
      assertThat(since(ws, "key_a", DAY - 2))
          .containsExactly(
              new AccessUse("key", "orders:*", "orders:read", at(3)),
              new AccessUse("key", "orders:*", "orders:write", at(4)));
      assertThat(since(ws, "key_a", DAY + 1)).isEmpty();
      assertThat(since(other, "key_b", DAY)).isEmpty();
    }

    @Test
    void deleteBefore_dropsEarlierDaysOfEveryWorkspace() {
      store.recordAccessUsage(
          List.of(
              row("key_a", DAY - 1, "orders:*", "orders:read", at(1)),
              row("key_a", DAY, "orders:*", "orders:read", at(2)),
              new AccessUsageRow(other, "key_b", DAY - 5, "key", "*", "orders:read", at(3))));

      assertThat(store.write((Tx tx) -> tx.accessUsage().deleteBefore(DAY))).isEqualTo(2);

      assertThat(since(ws, "key_a", 0))
          .containsExactly(new AccessUse("key", "orders:*", "orders:read", at(2)));
      assertThat(since(other, "key_b", 0)).isEmpty();
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void openStore_isReachable() {
      assertThat(store.isReachable()).isTrue();
    }

    @Test
    void pools_showTheWritersConnectionInUseDuringAWrite() {
      java.util.List<dev.latchkey.core.store.PoolStats> during = store.write(tx -> store.pools());
      java.util.List<dev.latchkey.core.store.PoolStats> after = store.pools();

      assertThat(during)
          .extracting(dev.latchkey.core.store.PoolStats::name)
          .contains("writer", "reader");
      assertThat(during)
          .filteredOn(p -> p.name().equals("writer"))
          .singleElement()
          .satisfies(p -> assertThat(p.active()).isEqualTo(1));
      assertThat(after)
          .allSatisfy(
              p -> {
                assertThat(p.active()).isZero();
                assertThat(p.pending()).isZero();
                assertThat(p.max()).isPositive();
              });
    }

    @Test
    void closedStore_isUnreachable_andRefusesWork() {
      store.close();

      assertThat(store.isReachable()).isFalse();
      assertThatThrownBy(() -> store.read((Tx tx) -> tx.workspaces().firstId()))
          .isInstanceOf(StoreException.class);
      assertThatThrownBy(() -> store.findCredential(Fixtures.digest()))
          .isInstanceOf(StoreException.class);
      assertThatThrownBy(() -> Fixtures.workspace(store)).isInstanceOf(StoreException.class);
    }
  }
}
