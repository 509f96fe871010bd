package dev.latchkey.server.rotation;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.CreateSink;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.alert.Backoff;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.RotationPolicies;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.manage.Sinks;
import dev.latchkey.core.rotation.RotationScheduler;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.sink.SinkCatalog;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One node of a rotation test: its own store handle, verifier, use cases and scheduler over a
 * shared database, and the alerts it raised.
 */
final class RotationNode implements AutoCloseable {
  /** A real envelope sealer under a key made for this test. */
  static final Sealer SEALER = Sealer.envelope(Sealer.newKeyEncryptionKey(), List.of());

  final Store store;
  final Verifier verifier;
  final Mutations mutations;
  final Keys keys;
  final Rotations rotations;
  final RotationPolicies policies;
  final RotationScheduler scheduler;
  final Sinks sinks;
  final List<AlertSignal> alerts = new CopyOnWriteArrayList<>();

  RotationNode(Store store, Clock clock, MemorySink sink) {
    this(store, clock, List.of(sink), SEALER);
  }

  RotationNode(Store store, Clock clock, List<SinkDriver> drivers, Sealer sealer) {
    this.store = store;
    this.verifier = Verifier.create(store, clock, CacheSettings.defaults());
    this.mutations = new Mutations(store, verifier, clock);
    this.keys = new Keys(store, clock, Conditions.create());
    SinkCatalog catalog = new SinkCatalog(drivers, sealer);
    this.sinks = new Sinks(store, catalog);
    this.policies = new RotationPolicies(store);
    this.rotations =
        new Rotations(
            store,
            mutations,
            catalog,
            (ws, rule, severity, type, id, dedup, details, at) ->
                alerts.add(new AlertSignal(ws, rule, severity, type, id, dedup, details, at)),
            clock,
            Backoff.defaults());
    this.scheduler =
        new RotationScheduler(
            store,
            policies,
            rotations,
            (ws, rule, severity, type, id, dedup, details, at) ->
                alerts.add(new AlertSignal(ws, rule, severity, type, id, dedup, details, at)),
            clock,
            Duration.ofHours(6));
  }

  Caller system(String workspace) {
    return new Caller(Principal.system(workspace), "test", "local");
  }

  String service(String workspace, String name) {
    return mutations
        .run(system(workspace), m -> new Services(store).create(m, new CreateService(name, "pay")))
        .id();
  }

  IssuedKey key(String workspace, String service) {
    return mutations.run(system(workspace), m -> keys.create(m, CreateKey.of(service)));
  }

  String memorySink(String workspace) {
    return mutations
        .run(
            system(workspace), m -> sinks.create(m, new CreateSink("memory", "memory", null, null)))
        .id();
  }

  void servicePolicy(String workspace, String service, SetRotationPolicy policy) {
    mutations.run(system(workspace), m -> policies.putForService(m, service, policy));
  }

  VerifyCode verify(String workspace, String secret) {
    return verifier.verify(workspace, secret).code();
  }

  List<String> rulesRaised() {
    return alerts.stream().map(AlertSignal::rule).toList();
  }

  @Override
  public void close() {
    scheduler.close();
    store.close();
  }
}
