package dev.latchkey.server;

import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.api.Endpoints;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Problems;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import dev.latchkey.server.http.TransportProblems;
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
 * background work (usage flush every second, pruning of idempotency, change and access usage
 * records every hour).
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
  private final DataDirLock dataDirLock;
  private ChangeFollower follower;
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
                            .validateResponseHeaders(false)
                            .validateRequestHostHeader(false)
                            .build())
                    .directHandlers(TransportProblems.handlers())
                    .routing(r -> r.any((req, res) -> routes.get().handle(req, res)))
                    .build()
                    .start());
    Thread.ofPlatform().name("latchkey-listener-start").start(listener);
    Store opened = null;
    Limiters counting = null;
    try {
      opened =
          config.databaseUrl().isPresent()
              ? SqlStores.openPostgres(config.databaseUrl().get())
              : SqlStores.openSqlite(config.dataDir().resolve("latchkey.db"));
      this.store = opened;
      // One compiler for the conditions verification loads and the ones management saves.
      Conditions conditions = Conditions.create();
      counting = Limiters.open(config.limits(), config.clock());
      this.limiters = counting;
      this.verifier =
          Verifier.create(
              store,
              config.clock(),
              config.cache().keepingFoundAtLeast(config.follower().staleMax()),
              conditions,
              limiters.keys);
      Mutations mutations = new Mutations(store, verifier, config.clock());
      bootstrap(config, new Bootstrap(store, mutations));
      this.follower = ChangeFollower.start(store, verifier, config.clock(), config.follower());
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
              config.leakReporters());
      routes.set(router);
      this.web = await(listener);
      this.background =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("latchkey-background").daemon().factory());
      background.scheduleWithFixedDelay(this::flushUsage, 1, 1, TimeUnit.SECONDS);
      background.scheduleWithFixedDelay(
          () -> prune(mutations, config.changeRetention()), 1, 60, TimeUnit.MINUTES);
    } catch (RuntimeException e) {
      stopQuietly(listener);
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

  /** The change follower, for tests of what a node that stopped following does. */
  ChangeFollower follower() {
    return follower;
  }

  /** The route table, for contract and authorisation tests. */
  public List<dev.latchkey.server.http.Route> routes() {
    return router.routes();
  }

  @Override
  public void close() {
    closing = true; // ends event streams, which would otherwise hold the stop for its grace
    web.stop();
    background.shutdownNow();
    awaitQuietly(background);
    follower.close();
    flushUsage();
    try {
      store.close();
    } finally {
      limiters.close();
      dataDirLock.close();
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
        LOG.info("the store is already bootstrapped; LATCHKEY_BOOTSTRAP_ROOT_KEY is ignored");
      }
      return;
    }
    IssuedRootKey issued = outcome.issued().get();
    PrintStream out = config.console();
    if (supplied) {
      out.println(
          "Bootstrapped workspace "
              + outcome.workspaceId()
              + " with the root key from LATCHKEY_BOOTSTRAP_ROOT_KEY ("
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
