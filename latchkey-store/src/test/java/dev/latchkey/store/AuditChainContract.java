package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.at;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.audit.AuditChain;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.manage.AuditTrail;
import dev.latchkey.core.store.AuditFilter;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit hash chain on each store: appends link, verification passes, and every kind of
 * tampering done directly in SQL (what an attacker with write access to the database can do short
 * of rewriting the whole chain) is found and named. Run against SQLite and PostgreSQL by
 * subclassing.
 */
abstract class AuditChainContract {
  /** A new, empty, migrated store. */
  protected abstract Store openStore();

  /** A second store on the same database (a second node); SQLite: a second store on the file. */
  protected abstract Store openAnotherNode();

  /** Runs one statement directly on the database, as an attacker with write access would. */
  protected abstract void sql(String statement);

  /**
   * A store opened on a database that was at version 4 and held what {@code statements} inserted,
   * migrated to the current version by opening it.
   */
  protected abstract Store openMigratedFromVersion4(List<String> statements);

  protected Store store;
  private final List<Store> others = new ArrayList<>();
  protected String ws;
  protected String other;
  private AuditTrail trail;

  @BeforeEach
  void openAndSeed() {
    store = openStore();
    ws = Fixtures.workspace(store);
    other = Fixtures.workspace(store);
    trail = new AuditTrail(store);
  }

  @AfterEach
  void closeStores() {
    others.forEach(Store::close);
    others.clear();
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private List<AuditEvent> appendFive() {
    List<AuditEvent> appended = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      AuditEvent draft = Fixtures.event(i % 2 == 0 ? "key.revoked" : "key.created", at(i));
      write(store, tx -> appended.add(tx.audit().append(ws, draft)));
      write(store, tx -> tx.audit().append(other, Fixtures.event("service.created", at(0))));
    }
    return appended;
  }

  private AuditVerification verify(String workspace) {
    return trail.verify(Principal.system(workspace));
  }

  @Test
  void appends_formOneChainPerWorkspace_thatVerifies() {
    List<AuditEvent> events = appendFive();

    assertThat(events).extracting(AuditEvent::position).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(events.getFirst().prevHash()).isEqualTo(AuditChain.GENESIS);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).prevHash()).isEqualTo(events.get(i - 1).hash());
      assertThat(events.get(i).hash()).isEqualTo(AuditChain.hash(events.get(i)));
    }
    AuditVerification result = verify(ws);
    assertThat(result.valid()).isTrue();
    assertThat(result.firstBad()).isNull();
    assertThat(result.eventsChecked()).isEqualTo(5);
    assertThat(result.head())
        .isEqualTo(new AuditVerification.ChainHead(5, events.getLast().hash()));
    assertThat(verify(other).valid()).isTrue();
    assertThat(verify(other).head().position()).isEqualTo(5);
  }

  @Test
  void storedEvents_readBackAsAppended_withTheirChainFields() {
    List<AuditEvent> events = appendFive();
    List<AuditEvent> listed =
        store.read((Tx tx) -> tx.audit().list(ws, PageRequest.first(10))).items();
    assertThat(listed).containsExactlyElementsOf(events.reversed());
    List<AuditEvent> exported = new ArrayList<>();
    trail.export(Principal.system(ws), exported::add);
    assertThat(exported).containsExactlyElementsOf(events);
  }

  @Test
  void walksAcrossBatches_verifyAndExportEveryEvent_andTamperPastTheFirstBatchIsFound() {
    int count = 2_345; // more than two batches of the walk
    List<String> ids = new ArrayList<>();
    write(
        store,
        tx -> {
          for (int i = 0; i < count; i++) {
            ids.add(tx.audit().append(ws, Fixtures.event("key.updated", at(i))).id());
          }
        });

    assertThat(verify(ws).valid()).isTrue();
    assertThat(verify(ws).eventsChecked()).isEqualTo(count);
    List<AuditEvent> exported = new ArrayList<>();
    trail.export(Principal.system(ws), exported::add);
    assertThat(exported).extracting(AuditEvent::id).containsExactlyElementsOf(ids);

    sql("DELETE FROM audit_events WHERE id = '" + ids.get(2_000) + "'");
    assertThat(verify(ws).firstBad().position()).isEqualTo(2_001);
    assertThat(verify(ws).firstBad().reason()).isEqualTo("deleted");
  }

  @Test
  void anAppendRolledBack_leavesNoGapAndTheHeadWhereItWas() {
    List<AuditEvent> events = appendFive();
    RuntimeException crash = new IllegalStateException("crash mid-write");

    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                write(
                    store,
                    tx -> {
                      tx.audit().append(ws, Fixtures.event("key.created", at(7)));
                      throw crash;
                    }));
    AuditEvent next =
        store.write(tx -> tx.audit().append(ws, Fixtures.event("key.created", at(8))));

    assertThat(thrown).isSameAs(crash);
    assertThat(next.position()).isEqualTo(6);
    assertThat(next.prevHash()).isEqualTo(events.getLast().hash());
    assertThat(verify(ws).valid()).isTrue();
  }

  @Test
  void emptyChain_isValid_withTheGenesisHead() {
    AuditVerification result = verify(ws);
    assertThat(result.valid()).isTrue();
    assertThat(result.head()).isEqualTo(new AuditVerification.ChainHead(0, AuditChain.GENESIS));
  }

  @Test
  void detailsOfEveryJsonKind_hashTheSameAfterTheRoundTrip() {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("z", "quote \" backslash \\ tab \t nul \u0000 é 𝄞 \u2028");
    details.put("a", List.of(1, -2, 3_000_000_000_000L, 0.5, 1.0, 1e-7, 1e21, 123.456));
    details.put("n", null);
    details.put("b", true);
    details.put("nested", Map.of("y", Map.of(), "x", List.of()));
    write(
        store,
        tx ->
            tx.audit()
                .append(
                    ws,
                    new AuditEvent(
                        "evt_" + "c".repeat(24),
                        Instant.parse("2026-01-02T03:04:05.678901Z"),
                        new AuditEvent.Actor("root_key", "rk_1"),
                        "key.updated",
                        new AuditEvent.Target("key", "key_1"),
                        null,
                        null,
                        details)));

    assertThat(verify(ws).valid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "action = 'key.read'",
        "actor_id = 'rk_someoneelse'",
        "actor_type = 'system'",
        "target_id = 'key_other'",
        "target_type = 'service'",
        "occurred_at = occurred_at + 1",
        "request_id = NULL",
        "source_address = '192.0.2.1'",
        "details = '{\"reason\":\"nothing to see\"}'",
        "details = NULL",
        "id = 'evt_forgedforgedforgedforge'",
        "hash = '" + "ab" + "0000000000000000000000000000000000000000000000000000000000cd'",
        "prev_hash = '" + "1111111111111111111111111111111111111111111111111111111111111111'"
      })
  void modifyingAnyField_isNamedModified(String assignment) {
    List<AuditEvent> events = appendFive();

    sql("UPDATE audit_events SET " + assignment + " WHERE id = '" + events.get(2).id() + "'");

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isEqualTo(3);
    assertThat(result.firstBad().reason()).isEqualTo("modified");
    assertThat(result.head().position()).isEqualTo(2);
  }

  @Test
  void deletingAnEvent_isNamedDeleted_atTheMissingPosition() {
    List<AuditEvent> events = appendFive();

    sql("DELETE FROM audit_events WHERE id = '" + events.get(1).id() + "'");

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isEqualTo(2);
    assertThat(result.firstBad().id()).isNull();
    assertThat(result.firstBad().reason()).isEqualTo("deleted");
  }

  @Test
  void deletingTheLastEvent_isNamedDeleted_becauseTheHeadRecordsIt() {
    List<AuditEvent> events = appendFive();

    sql("DELETE FROM audit_events WHERE id = '" + events.getLast().id() + "'");

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isEqualTo(5);
    assertThat(result.firstBad().reason()).isEqualTo("deleted");
  }

  @Test
  void movingAnEventToAnotherWorkspace_isNamedDeleted() {
    List<AuditEvent> events = appendFive();

    sql(
        "UPDATE audit_events SET workspace_id = '"
            + other
            + "', position = 99 WHERE id = '"
            + events.get(3).id()
            + "'");

    assertThat(verify(ws).firstBad().position()).isEqualTo(4);
    assertThat(verify(ws).firstBad().reason()).isEqualTo("deleted");
    assertThat(verify(other).valid()).isFalse();
  }

  @Test
  void swappingTwoEvents_isNamedReordered() {
    List<AuditEvent> events = appendFive();

    sql("UPDATE audit_events SET position = -2 WHERE id = '" + events.get(1).id() + "'");
    sql("UPDATE audit_events SET position = 2 WHERE id = '" + events.get(3).id() + "'");
    sql("UPDATE audit_events SET position = 4 WHERE id = '" + events.get(1).id() + "'");

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isEqualTo(2);
    assertThat(result.firstBad().id()).isEqualTo(events.get(3).id());
    assertThat(result.firstBad().reason()).isEqualTo("reordered");
  }

  @Test
  void forgedEventAppendedPastTheHead_evenWithACorrectHash_isNamedInserted() {
    List<AuditEvent> events = appendFive();
    AuditEvent forged = forged(6, events.getLast().hash());

    insert(forged);

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isEqualTo(6);
    assertThat(result.firstBad().id()).isEqualTo(forged.id());
    assertThat(result.firstBad().reason()).isEqualTo("inserted");
  }

  @Test
  void forgedEventInsertedMidChain_withLaterPositionsShifted_isNamedInserted() {
    List<AuditEvent> events = appendFive();
    for (int i = 5; i >= 3; i--) {
      sql(
          "UPDATE audit_events SET position = "
              + (i + 1)
              + " WHERE id = '"
              + events.get(i - 1).id()
              + "'");
    }
    AuditEvent forged = forged(3, events.get(1).hash());

    insert(forged);

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isEqualTo(3);
    assertThat(result.firstBad().id()).isEqualTo(forged.id());
    assertThat(result.firstBad().reason()).isEqualTo("inserted");
  }

  @Test
  void forgedEventClaimingATakenPosition_isNamedInserted() {
    List<AuditEvent> events = appendFive();
    sql("DROP INDEX audit_events_chain"); // an attacker with write access can
    AuditEvent forged = forged(3, events.get(1).hash());

    insert(forged);

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isEqualTo(3);
    assertThat(result.firstBad().id()).isEqualTo(forged.id());
    assertThat(result.firstBad().reason()).isEqualTo("inserted");
  }

  @Test
  void eventWithoutAPosition_isNamedInserted() {
    appendFive();
    AuditEvent forged = forged(6, AuditChain.GENESIS);

    sql(
        "INSERT INTO audit_events (id, workspace_id, occurred_at, actor_type, actor_id, action,"
            + " target_type, target_id) VALUES ('"
            + forged.id()
            + "', '"
            + ws
            + "', 0, 'system', 'system', 'key.created', 'key', 'key_1')");

    AuditVerification result = verify(ws);
    assertThat(result.valid()).isFalse();
    assertThat(result.firstBad().position()).isNull();
    assertThat(result.firstBad().id()).isEqualTo(forged.id());
    assertThat(result.firstBad().reason()).isEqualTo("inserted");
  }

  @Test
  void filters_selectByActorActionTargetAndTime() {
    AuditEvent a =
        new AuditEvent(
            "evt_" + "a".repeat(24),
            at(1),
            new AuditEvent.Actor("root_key", "rk_a"),
            "key.created",
            new AuditEvent.Target("key", "key_a"),
            null,
            null,
            Map.of());
    AuditEvent b =
        new AuditEvent(
            "evt_" + "b".repeat(24),
            at(2),
            new AuditEvent.Actor("root_key", "rk_b"),
            "key.revoked",
            new AuditEvent.Target("key", "key_a"),
            null,
            null,
            Map.of());
    AuditEvent c =
        new AuditEvent(
            "evt_" + "c".repeat(24),
            at(3),
            new AuditEvent.Actor("system", "system"),
            "service.created",
            new AuditEvent.Target("service", "svc_c"),
            null,
            null,
            Map.of());
    write(
        store,
        tx -> {
          tx.audit().append(ws, a);
          tx.audit().append(ws, b);
          tx.audit().append(ws, c);
        });

    assertThat(ids(filter(Optional.of("root_key"), Optional.empty(), Optional.empty(), false)))
        .containsExactly(b.id(), a.id());
    assertThat(ids(filter(Optional.empty(), Optional.of("rk_b"), Optional.empty(), false)))
        .containsExactly(b.id());
    assertThat(ids(filter(Optional.empty(), Optional.empty(), Optional.of("key."), true)))
        .containsExactly(b.id(), a.id());
    assertThat(ids(filter(Optional.empty(), Optional.empty(), Optional.of("key."), false)))
        .isEmpty();
    assertThat(ids(filter(Optional.empty(), Optional.empty(), Optional.of("key_"), true)))
        .as("a prefix is literal: _ is no wildcard")
        .isEmpty();
    AuditFilter target =
        new AuditFilter(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of("key"),
            Optional.of("key_a"),
            Optional.of(at(2)),
            Optional.of(at(3)));
    assertThat(ids(target)).containsExactly(b.id());
  }

  private static AuditFilter filter(
      Optional<String> actorType, Optional<String> actorId, Optional<String> action, boolean pre) {
    return new AuditFilter(
        actorType,
        actorId,
        pre ? Optional.empty() : action,
        pre ? action : Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private List<String> ids(AuditFilter filter) {
    return store
        .read((Tx tx) -> tx.audit().list(ws, filter, PageRequest.first(10)))
        .items()
        .stream()
        .map(AuditEvent::id)
        .toList();
  }

  @Test
  void concurrentAppendsFromTwoNodes_neverForkTheChain() throws Exception {
    Store node2 = openAnotherNode();
    others.add(node2);
    int perThread = 25;
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Store node = t % 2 == 0 ? store : node2;
        running.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    write(node, tx -> tx.audit().append(ws, Fixtures.event("key.updated", at(1))));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : running) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    AuditVerification result = verify(ws);
    assertThat(result.valid()).as(String.valueOf(result.firstBad())).isTrue();
    assertThat(result.eventsChecked()).isEqualTo(4 * perThread);
  }

  @Test
  void eventsFromBeforeTheChain_areChainedByTheMigration_inAppendOrder() {
    store.close();
    store =
        openMigratedFromVersion4(
            List.of(
                "INSERT INTO workspaces (id, name, created_at) VALUES ('ws_old', 'w', 0)",
                "INSERT INTO workspaces (id, name, created_at) VALUES ('ws_old2', 'w', 0)",
                oldEvent("evt_old1", "ws_old", 30, "{\"name\":\"a\"}"),
                oldEvent("evt_old2", "ws_old2", 10, null),
                oldEvent("evt_old3", "ws_old", 20, "{\"n\":[1,2.5,{\"k\":null}]}"),
                oldEvent("evt_old4", "ws_old", 10, "{}")));
    trail = new AuditTrail(store);

    AuditVerification result = verify("ws_old");
    assertThat(result.valid()).as(String.valueOf(result.firstBad())).isTrue();
    assertThat(result.eventsChecked()).isEqualTo(3);
    List<AuditEvent> chain = new ArrayList<>();
    trail.export(Principal.system("ws_old"), chain::add);
    assertThat(chain)
        .extracting(AuditEvent::id)
        .containsExactly("evt_old1", "evt_old3", "evt_old4");
    assertThat(verify("ws_old2").head().position()).isEqualTo(1);

    write(store, tx -> tx.audit().append("ws_old", Fixtures.event("key.created", at(5))));
    assertThat(verify("ws_old").valid()).isTrue();
    assertThat(verify("ws_old").head().position()).isEqualTo(4);
  }

  private static String oldEvent(String id, String workspace, long at, String details) {
    return "INSERT INTO audit_events (id, workspace_id, occurred_at, actor_type, actor_id, action,"
        + " target_type, target_id, request_id, source_address, details) VALUES ('"
        + id
        + "', '"
        + workspace
        + "', "
        + at
        + ", 'root_key', 'rk_1', 'key.created', 'key', 'key_1', 'req-1', '10.0.0.1', "
        + (details == null ? "NULL" : "'" + details + "'")
        + ")";
  }

  private AuditEvent forged(long position, String prevHash) {
    AuditEvent draft = Fixtures.event("key.created", at(9));
    AuditEvent placed = draft.chained(ws, position, prevHash, null);
    return placed.chained(ws, position, prevHash, AuditChain.hash(placed));
  }

  private void insert(AuditEvent e) {
    sql(
        "INSERT INTO audit_events (id, workspace_id, occurred_at, actor_type, actor_id, action,"
            + " target_type, target_id, request_id, source_address, details, position, prev_hash,"
            + " hash) VALUES ('"
            + e.id()
            + "', '"
            + e.workspaceId()
            + "', "
            + e.time().toEpochMilli()
            + ", '"
            + e.actor().type()
            + "', '"
            + e.actor().id()
            + "', '"
            + e.action()
            + "', '"
            + e.target().type()
            + "', '"
            + e.target().id()
            + "', '"
            + e.requestId()
            + "', '"
            + e.sourceAddress()
            + "', '"
            + Columns.json(e.details())
            + "', "
            + e.position()
            + ", '"
            + e.prevHash()
            + "', '"
            + e.hash()
            + "')");
  }
}
