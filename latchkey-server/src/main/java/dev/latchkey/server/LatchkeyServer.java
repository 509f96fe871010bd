package dev.latchkey.server;

import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.alert.Backoff;
import dev.latchkey.core.alert.Dispatcher;
import dev.latchkey.core.anomaly.AnomalyDetector;
import dev.latchkey.core.anomaly.IdleKeys;
import dev.latchkey.core.anomaly.Signals;
import dev.latchkey.core.expiry.ExpiryNotices;
import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.manage.Alerts;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.OneTimeLinks;
import dev.latchkey.core.manage.Rewrap;
import dev.latchkey.core.manage.RotationPolicies;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.manage.UsageRollup;
import dev.latchkey.core.manage.Webhooks;
import dev.latchkey.core.rotation.RotationScheduler;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.sink.SinkCatalog;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.secrets.SecretStores;
import dev.latchkey.server.api.Endpoints;
import dev.latchkey.server.api.ForwardAuthEndpoints;
import dev.latchkey.server.gateway.ForwardAuthListener;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Problems;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.RequestObserver;
import dev.latchkey.server.http.Router;
import dev.latchkey.server.http.TransportProblems;
import dev.latchkey.server.logging.AccessLog;
import dev.latchkey.server.metrics.Metrics;
import dev.latchkey.server.webhook.SocketSender;
import dev.latchkey.store.SqlStores;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Latchkey node: the store, the verifier and its cache, the HTTP server, and the
 * background work (usage flush every second, usage rollup every minute, pruning of idempotency,
 * change and access usage records every hour).
 *
 * <p>{@link #close()} stops gracefully: the listener stops accepting, in-flight requests finish (up
 * to the configured grace), pending usage is flushed, then the store closes.
 */
public final class LatchkeyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LatchkeyServer.class);

  private final Store store;
  private final Limiters limiters;
  private final Verifier verifier;
  private final WebServer web;
  private final Router router;
  private final ScheduledExecutorService background;
  private final ScheduledExecutorService usageClock;
  private final DataDirLock dataDirLock;
  private final Metrics metrics;
  private WebServer metricsWeb;
  private ForwardAuthListener forwardAuthListener;
  private final UsageRollup rollup;
  private SecretRefresh secretRefresh;
  private IdleKeys idleKeys;
  private ExpiryNotices expiryNotices;
  private ChangeFollower follower;
  private Alerts alerts;
  private Dispatcher dispatcher;
  private RotationScheduler rotationScheduler;
  private OneTimeLinks oneTimeLinks;
  private volatile boolean closing;

  private LatchkeyServer(ServerConfig config) {
    createDataDir(config.dataDir());
    // Only the embedded store needs the data dir to itself; cluster nodes share PostgreSQL.
    this.dataDirLock =
        config.databaseUrl().isPresent()
            ? DataDirLock.none()
            : DataDirLock.acquire(config.dataDir());
    // The listener starts in parallel with the store (each takes a few hundred milliseconds, mostly
    // class loading); until the routes are in place it answers 503, so /readyz is honest.
    AtomicReference<Handler> routes = new AtomicReference<>(LatchkeyServer::starting);
    FutureTask<WebServer> listener =
        new FutureTask<>(
            () ->
                WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .shutdownHook(false)
                    .shutdownGracePeriod(config.shutdownGrace())
                    // Without it, on a kept-alive connection a response of more than one segment
                    // waits out the client's delayed ACK (40 ms on Linux) before its last part.
                    .connectionOptions(o -> o.tcpNoDelay(true))
                    // Reply checks every header Latchkey writes, once, where Helidon would check
                    // each again as it writes it; no route uses the Host header, so Helidon's
                    // pattern match of it on every request is left out. Both were measured:
                    // docs/benchmarks.md, "Gateways (issue 6)".
                    .addProtocol(
                        Http1Config.builder()
                            .maxPrologueLength(Exchange.MAX_REQUEST_LINE)
                            .maxHeadersSize(Exchange.MAX_HEADERS)
                            .validateResponseHeaders(false)
                            .validateRequestHostHeader(false)
                            .build())
                    .directHandlers(TransportProblems.handlers())
                    .routing(r -> r.any((req, res) -> routes.get().handle(req, res)))
                    .build()
                    .start());
    Store opened = null;
    Sealer sealer;
    try {
      sealer = EncryptionKeys.forServer(config);
    } catch (RuntimeException e) {
      dataDirLock.close();
      throw e;
    }
    Thread.ofPlatform().name("latchkey-listener-start").start(listener);
    Limiters counting = null;
    this.metrics = Metrics.create(config.monitoring().maxServices());
    try {
      opened = openStore(config);
      this.store = opened;
      // One compiler for the conditions verification loads and the ones management saves.
      Conditions conditions = Conditions.create();
      counting = Limiters.open(config.limits(), config.clock(), config.secrets().redisPassword());
      this.limiters = counting;
      this.verifier =
          Verifier.create(
              store,
              config.clock(),
              config.cache().keepingFoundAtLeast(config.follower().staleMax()),
              conditions,
              limiters.keys);
      verifier.observe(metrics.verifications());
      Mutations mutations = new Mutations(store, verifier, config.clock());
      bootstrap(config, new Bootstrap(store, mutations));
      sealPlainValues(store, sealer);
      this.follower = ChangeFollower.start(store, verifier, config.clock(), config.follower());
      this.dispatcher =
          new Dispatcher(
              store,
              new SocketSender(config.webhooks().targets()),
              sealer,
              config.clock(),
              config.webhooks().backoff());
      this.alerts =
          new Alerts(
                  store,
                  mutations,
                  new Keys(store, config.clock(), conditions),
                  config.clock(),
                  dispatcher::wake)
              .start();
      Webhooks webhooks =
          new Webhooks(store, config.webhooks().targets(), sealer, dispatcher::wake);
      Alerts raising = alerts;
      Signals signals =
          (workspace, rule, severity, subjectType, subjectId, dedupKey, details, at) -> {
            if (raising.raise(
                workspace, rule, severity, subjectType, subjectId, dedupKey, details, at)) {
              metrics.alert(rule);
            }
          };
      verifier.detectAnomalies(
          new AnomalyDetector(config.anomalies(), signals, config.clock().instant()));
      // The idle-key job writes its alerts itself, in its own thread: thousands of dormant keys
      // must
      // not fill the queue that verification raises its alerts through.
      Signals written =
          (workspace, rule, severity, subjectType, subjectId, dedupKey, details, at) -> {
            raising.raiseNow(
                new AlertSignal(
                    workspace, rule, severity, subjectType, subjectId, dedupKey, details, at));
            metrics.alert(rule);
          };
      this.idleKeys = new IdleKeys(store, config.anomalies().keyUnused(), written, config.clock());
      // Rotation failures and notices go through the same queue as the anomaly rules' alerts.
      OneTimeLinks links =
          new OneTimeLinks(
              store,
              mutations,
              sealer,
              signals,
              config.clock(),
              () ->
                  config
                      .rotation()
                      .publicUrl()
                      .orElseGet(() -> "http://" + config.host() + ":" + port()),
              dispatcher::wake);
      this.oneTimeLinks = links;
      List<SinkDriver> drivers =
          new ArrayList<>(
              SecretStores.sinkDrivers(
                  config.rotation().fileSinkRoot().orElse(config.dataDir().resolve("sinks"))));
      drivers.add(links.driver());
      drivers.addAll(config.sinkDrivers());
      SinkCatalog sinks = new SinkCatalog(drivers, sealer);
      RotationPolicies policies = new RotationPolicies(store);
      Rotations rotations =
          new Rotations(store, mutations, sinks, signals, config.clock(), Backoff.defaults());
      this.rotationScheduler =
          new RotationScheduler(
              store, policies, rotations, signals, config.clock(), config.rotation().notice());
      this.expiryNotices = new ExpiryNotices(store, config.expiryNotice(), written, config.clock());
      this.router =
          Endpoints.router(
              store,
              verifier,
              mutations,
              config.clock(),
              config.heartbeat(),
              () -> !closing,
              follower,
              conditions,
              limiters.standalone,
              limiters::state,
              config.forwardAuth(),
              alerts,
              webhooks,
              config.leakReporters(),
              signals,
              new Endpoints.Rotation(sinks, policies, rotations, links, rotationScheduler.node()));
      metrics.watch(store, follower, verifier);
      boolean accessLog = config.monitoring().accessLog();
      RequestObserver observer =
          (method, client, route, status, nanos) -> {
            metrics.request(route, method, status, nanos);
            if (accessLog) {
              AccessLog.log(method, client, route, status, nanos);
            }
          };
      router.observedBy(observer);
      routes.set(router);
      this.web = await(listener);
      this.metricsWeb = startMetricsListener(config.monitoring(), verifier, metrics);
      if (config.forwardAuth().port().isPresent()) {
        this.forwardAuthListener =
            ForwardAuthListener.start(
                config.host(),
                config.forwardAuth().port().getAsInt(),
                new ForwardAuthEndpoints(verifier, config.clock(), config.forwardAuth()),
                verifier,
                observer,
                config.databaseUrl().isPresent() || config.limits().redisUrl().isPresent(),
                config.shutdownGrace());
      }
      this.background =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("latchkey-background").daemon().factory());
      background.scheduleWithFixedDelay(this::flushUsage, 1, 1, TimeUnit.SECONDS);
      // Its own thread: a slow flush or rollup must not hold the time usage is counted at.
      this.usageClock =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("latchkey-usage-clock").daemon().factory());
      usageClock.scheduleAtFixedRate(
          verifier.usageCounts()::tick,
          0,
          dev.latchkey.core.verify.UsageCounts.TICK_MILLIS,
          TimeUnit.MILLISECONDS);
      background.scheduleWithFixedDelay(
          () -> prune(mutations, config.changeRetention()), 1, 60, TimeUnit.MINUTES);
      background.scheduleWithFixedDelay(
          () -> pruneDeliveries(webhooks, config.clock()), 2, 60, TimeUnit.MINUTES);
      if (config.webhooks().dispatch()) {
        dispatcher.start(config.webhooks().poll());
      }
      if (config.rotation().schedule()) {
        rotationScheduler.start(config.rotation().poll());
      }
      this.rollup = new UsageRollup(store, config.clock(), config.usageRetention());
      background.scheduleWithFixedDelay(() -> rollUp(rollup), 5, 60, TimeUnit.SECONDS);
      background.scheduleWithFixedDelay(() -> findIdleKeys(idleKeys), 10, 360, TimeUnit.MINUTES);
      background.scheduleWithFixedDelay(this::forgetExpiredLinks, 1, 60, TimeUnit.MINUTES);
      this.secretRefresh = SecretRefresh.start(config.secrets());
      background.scheduleWithFixedDelay(
          () -> noticeExpiringKeys(expiryNotices), 3, 60, TimeUnit.MINUTES);
    } catch (RuntimeException e) {
      stopQuietly(listener);
      if (metricsWeb != null) {
        metricsWeb.stop();
      }
      if (forwardAuthListener != null) {
        forwardAuthListener.close(Duration.ZERO);
      }
      metrics.close();
      if (rotationScheduler != null) {
        rotationScheduler.close();
      }
      if (dispatcher != null) {
        dispatcher.close();
      }
      if (alerts != null) {
        alerts.close();
      }
      if (follower != null) {
        follower.close();
      }
      if (opened != null) {
        opened.close();
      }
      if (counting != null) {
        counting.close();
      }
      dataDirLock.close();
      throw e;
    }
  }

  /** SQLite in the data directory, or PostgreSQL with the password apart when given so. */
  private static Store openStore(ServerConfig config) {
    if (config.databaseUrl().isEmpty()) {
      return SqlStores.openSqlite(config.dataDir().resolve("latchkey.db"));
    }
    String url = config.databaseUrl().get();
    return config
        .secrets()
        .databasePassword()
        .map(password -> SqlStores.openPostgres(url, password::current))
        .orElseGet(() -> SqlStores.openPostgres(url));
  }

  /**
   * The listener of {@code GET /metrics} alone, apart from the API's: who can reach it is decided
   * by where it listens (loopback by default), not by a root key, since metrics span every
   * workspace.
   */
  private static WebServer startMetricsListener(
      MonitoringSettings settings, Verifier verifier, Metrics metrics) {
    if (settings.metricsPort().isEmpty()) {
      return null;
    }
    Router routes =
        new Router(verifier)
            .open(
                "GET",
                "/metrics",
                ex ->
                    new Reply(
                        200,
                        metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Metrics.contentType(),
                        java.util.Map.of()));
    return WebServer.builder()
        .host(settings.metricsHost())
        .port(settings.metricsPort().getAsInt())
        .shutdownHook(false)
        .directHandlers(TransportProblems.handlers())
        .routing(r -> r.any(routes))
        .build()
        .start();
  }

  /** The port of the forward-auth listener, when there is one. */
  public java.util.OptionalInt forwardAuthPort() {
    return forwardAuthListener == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(forwardAuthListener.port());
  }

  /** The port of the metrics listener, when there is one. */
  public java.util.OptionalInt metricsPort() {
    return metricsWeb == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(metricsWeb.port());
  }

  /** This node's metrics, for parts that report to them (alerts). */
  public Metrics metrics() {
    return metrics;
  }

  /** Answers while the store opens: alive, not ready. */
  private static void starting(ServerRequest req, ServerResponse res) {
    String requestId = dev.latchkey.core.secret.Ids.newCorrelationId("req");
    Reply reply =
        req.path().path().equals("/healthz")
            ? Reply.json(
                200, "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            : Problems.toReply(HttpProblem.unavailable("the server is starting"), requestId);
    Router.send(res, reply, requestId);
  }

  private static WebServer await(FutureTask<WebServer> listener) {
    try {
      return listener.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("the listener did not start", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    }
  }

  private static void stopQuietly(FutureTask<WebServer> listener) {
    try {
      listener.get().stop();
    } catch (ExecutionException | RuntimeException e) {
      // the listener never started, or failed as the store did: nothing to stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a node; returns once it accepts connections. */
  public static LatchkeyServer start(ServerConfig config) {
    return new LatchkeyServer(config);
  }

  private void forgetExpiredLinks() {
    try {
      int forgotten = oneTimeLinks.forgetExpired();
      if (forgotten > 0) {
        LOG.info("forgot the secrets of {} expired one-time link(s)", forgotten);
      }
    } catch (RuntimeException e) {
      LOG.warn("forgetting expired one-time links failed; will retry: {}", e.getMessage());
    }
  }

  /** The port it listens on. */
  public int port() {
    return web.port();
  }

  /** Its base URI, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The verifier, for tests that record key usage as verification would. */
  Verifier verifier() {
    return verifier;
  }

  /** Runs the usage rollup job now, for tests that move the clock. */
  UsageRollup.Outcome rollUpUsage() {
    return rollup.run();
  }

  /** The change follower, for tests of what a node that stopped following does. */
  ChangeFollower follower() {
    return follower;
  }

  /** Raises alerts, for tests standing in for the detection rules. */
  Alerts alerts() {
    return alerts;
  }

  /** The webhook dispatcher, for tests that drive deliveries on a fake clock. */
  Dispatcher dispatcher() {
    return dispatcher;
  }

  /** The rotation scheduler, for tests that run its rounds on a fake clock. */
  RotationScheduler rotationScheduler() {
    return rotationScheduler;
  }

  /** The route table, for contract and authorisation tests. */
  public List<dev.latchkey.server.http.Route> routes() {
    return router.routes();
  }

  @Override
  public void close() {
    closing = true; // ends event streams, which would otherwise hold the stop for its grace
    // Both listeners let the requests they hold finish, side by side: one grace, not two.
    Thread forwardAuthStop =
        forwardAuthListener == null
            ? null
            : Thread.ofPlatform()
                .name("latchkey-forward-auth-stop")
                .start(forwardAuthListener::close);
    web.stop();
    if (forwardAuthStop != null) {
      boolean interrupted = false;
      while (forwardAuthStop.isAlive()) {
        try {
          forwardAuthStop.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (metricsWeb != null) {
      metricsWeb.stop();
    }
    secretRefresh.close();
    background.shutdownNow();
    usageClock.shutdownNow();
    awaitQuietly(background);
    flushUsage(); // first: writing queued alerts below may take the rest of a short kill grace
    rotationScheduler.close(); // before alerts: a last failed rotation queues its alert
    dispatcher.close();
    alerts.close(); // writes the alerts still queued
    follower.close();
    flushUsage();
    try {
      store.close();
    } finally {
      limiters.close();
      dataDirLock.close();
      metrics.close();
    }
  }

  private static void awaitQuietly(ScheduledExecutorService executor) {
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flushUsage() {
    try {
      verifier.flushUsage();
    } catch (RuntimeException e) {
      LOG.warn("could not record key usage; will retry: {}", e.getMessage());
    }
  }

  private static void findIdleKeys(IdleKeys idle) {
    try {
      idle.run();
    } catch (RuntimeException e) {
      LOG.warn("could not look for unused keys; will retry: {}", e.getMessage());
    }
  }

  /** Looks for unused keys now ({@code key_unused}), for tests that move the clock. */
  int findIdleKeys() {
    return idleKeys.run();
  }

  private static void noticeExpiringKeys(ExpiryNotices notices) {
    try {
      notices.run();
    } catch (RuntimeException e) {
      LOG.warn("could not look for keys expiring soon; will retry: {}", e.getMessage());
    }
  }

  /** Looks for keys expiring soon now ({@code key_expiring}), for tests that move the clock. */
  int noticeExpiringKeys() {
    return expiryNotices.run();
  }

  private static void rollUp(UsageRollup rollup) {
    try {
      rollup.run();
    } catch (RuntimeException e) {
      LOG.warn("could not roll up or prune usage counts; will retry: {}", e.getMessage());
    }
  }

  private static void prune(Mutations mutations, Duration changeRetention) {
    try {
      mutations.pruneIdempotency();
      mutations.pruneChanges(changeRetention);
      mutations.pruneAccessUsage();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not prune idempotency, change or access usage records; will retry: {}",
          e.getMessage());
    }
  }

  private static void pruneDeliveries(Webhooks webhooks, java.time.Clock clock) {
    try {
      webhooks.pruneDeliveries(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("could not prune the webhook delivery log; will retry: {}", e.getMessage());
    }
  }

  /**
   * Seals what was stored before sealing existed ({@code plain:} webhook secrets). Every node does
   * it at start; compare-and-set keeps nodes starting together from sealing one value twice. A
   * value that fails stays as it is, still readable, and is tried again at the next start.
   */
  private static void sealPlainValues(Store store, Sealer sealer) {
    Rewrap.Outcome sealed;
    try {
      sealed = new Rewrap(store, sealer).plainOnly();
    } catch (RuntimeException e) {
      // They still open as they are; the next start tries again.
      LOG.warn(
          "could not seal values stored in plain text; will retry at the next start: {}",
          e.getMessage());
      return;
    }
    if (sealed.rewrapped() > 0) {
      LOG.info(
          "sealed {} value(s) stored in plain text by an earlier version under key-encryption"
              + " key {}",
          sealed.rewrapped(),
          sealer.currentKeyId());
    }
    for (Rewrap.Failure f : sealed.failed()) {
      LOG.warn("could not seal {} of row {}: {}", f.column(), f.id(), f.reason());
    }
  }

  private static void bootstrap(ServerConfig config, Bootstrap bootstrap) {
    boolean supplied = config.bootstrapRootKey().isPresent();
    Path file = config.dataDir().resolve(BootstrapKeyFile.NAME);
    // Without a supplied key, the new one is written to its file before the commit (see Bootstrap).
    Bootstrap.Outcome outcome =
        bootstrap.run(
            config.bootstrapRootKey(),
            issued -> {
              if (!supplied) {
                BootstrapKeyFile.write(config.dataDir(), issued.key());
              }
            });
    if (outcome.issued().isEmpty()) {
      if (supplied) {
        LOG.info(
            "the store is already bootstrapped; the supplied root key (--bootstrap-root-key or"
                + " LATCHKEY_BOOTSTRAP_ROOT_KEY) is ignored");
      }
      return;
    }
    IssuedRootKey issued = outcome.issued().get();
    PrintStream out = config.console();
    if (supplied) {
      out.println(
          "Bootstrapped workspace "
              + outcome.workspaceId()
              + " with the supplied root key ("
              + issued.data().start()
              + "…).");
      return;
    }
    out.println();
    out.println("Latchkey bootstrapped workspace " + outcome.workspaceId() + ".");
    out.println("Root key (shown once; also written to " + file + ", mode 0600):");
    out.println();
    out.println("    " + issued.key());
    out.println();
    out.flush();
  }

  private static void createDataDir(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (UnsupportedOperationException e) {
      createDirectoriesPlain(dir); // not a POSIX file system: its own access rules apply
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
  }

  private static void createDirectoriesPlain(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
  }
}
