package dev.latchkey.server;

import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.core.limit.FallbackMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latchkey server}: runs a node until SIGINT or SIGTERM, then stops gracefully. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description =
        "Runs a Latchkey node: SQLite in the data directory, or PostgreSQL with --database-url.")
final class ServerCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

  /** This command as picocli runs it: a bad option is reported on its error stream. */
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "${env:LATCHKEY_HOST:-127.0.0.1}",
      description = "Address to listen on (env LATCHKEY_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:LATCHKEY_PORT:-8080}",
      description = "Port to listen on (env LATCHKEY_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--database-url",
      defaultValue = "${env:LATCHKEY_DATABASE_URL}",
      description =
          "PostgreSQL for a cluster: postgresql://user:password@host:5432/db or jdbc:postgresql://… "
              + "(env LATCHKEY_DATABASE_URL; default: SQLite in the data directory).")
  String databaseUrl;

  @Option(
      names = "--stale-max",
      defaultValue = "${env:LATCHKEY_STALE_MAX:-PT5M}",
      converter = DurationConverter.class,
      description =
          "How long cached keys keep verifying while the database is unreachable, ISO-8601 "
              + "(env LATCHKEY_STALE_MAX; default ${DEFAULT-VALUE}).")
  Duration staleMax;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:LATCHKEY_DATA_DIR:-latchkey-data}",
      description =
          "Directory of the SQLite database (env LATCHKEY_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--redis-url",
      defaultValue = "${env:LATCHKEY_REDIS_URL}",
      description =
          "Redis shared by the cluster for exact rate limits: redis://[:password@]host:6379[/db] "
              + "or rediss://… (env LATCHKEY_REDIS_URL; default: each node counts in memory).")
  String redisUrl;

  @Option(
      names = "--rate-limit-fallback",
      defaultValue = "${env:LATCHKEY_RATE_LIMIT_FALLBACK:-local}",
      converter = FallbackConverter.class,
      description =
          "While Redis is unreachable: local (each node counts limit/nodes alone) or closed "
              + "(deny) (env LATCHKEY_RATE_LIMIT_FALLBACK; default ${DEFAULT-VALUE}).")
  FallbackMode rateLimitFallback;

  @Option(
      names = "--cluster-nodes",
      defaultValue = "${env:LATCHKEY_CLUSTER_NODES:-1}",
      description =
          "How many nodes share the load; a node counting rate limits alone allows limit/nodes "
              + "(env LATCHKEY_CLUSTER_NODES; default ${DEFAULT-VALUE}).")
  int clusterNodes;

  @Option(
      names = "--forward-auth-query-key",
      defaultValue = "${env:LATCHKEY_FORWARD_AUTH_QUERY_KEY:-false}",
      description =
          "Let /v1/forward-auth take the client's key from the query parameter key; query strings "
              + "reach access logs (env LATCHKEY_FORWARD_AUTH_QUERY_KEY; default ${DEFAULT-VALUE}).")
  boolean forwardAuthQueryKey;

  @Option(
      names = "--trusted-proxies",
      defaultValue = "${env:LATCHKEY_TRUSTED_PROXIES:-127.0.0.1/32,::1/128}",
      description =
          "Comma-separated CIDRs of the proxies whose X-Forwarded-For, X-Real-IP and X-Original-* "
              + "headers /v1/forward-auth believes (env LATCHKEY_TRUSTED_PROXIES; default "
              + "${DEFAULT-VALUE}).")
  String trustedProxies;

  @Option(
      names = "--forward-auth-key-header",
      defaultValue = "${env:LATCHKEY_FORWARD_AUTH_KEY_HEADER:-X-Api-Key}",
      description =
          "The header in which /v1/forward-auth takes the client's key (before Authorization: "
              + "Bearer); not Authorization nor an X-Latchkey-* header (env "
              + "LATCHKEY_FORWARD_AUTH_KEY_HEADER; default ${DEFAULT-VALUE}).")
  String forwardAuthKeyHeader;

  @Option(
      names = "--leak-report-keys",
      defaultValue = "${env:LATCHKEY_LEAK_REPORT_KEYS}",
      paramLabel = "PATH",
      description =
          "GitHub's secret scanning public keys (the JSON of api.github.com/meta/public_keys/"
              + "secret_scanning, saved to a file): enables POST /v1/leaks for reports GitHub signs "
              + "(env LATCHKEY_LEAK_REPORT_KEYS; default: disabled).")
  Path leakReportKeys;

  /** {@code local} or {@code closed}, for picocli. */
  static final class FallbackConverter implements picocli.CommandLine.ITypeConverter<FallbackMode> {
    @Override
    public FallbackMode convert(String value) {
      return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "local" -> FallbackMode.LOCAL;
        case "closed" -> FallbackMode.CLOSED;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "must be local or closed: " + value);
      };
    }
  }

  /** ISO-8601 durations ({@code PT5M}), for picocli. */
  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration d = Duration.parse(value);
        if (d.isNegative()) {
          throw new picocli.CommandLine.TypeConversionException("must not be negative");
        }
        return d;
      } catch (java.time.format.DateTimeParseException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "not an ISO-8601 duration such as PT5M: " + value);
      }
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    long started = System.nanoTime();
    ServerConfig config =
        ServerConfig.defaults()
            .withHost(host)
            .withPort(port)
            .withDataDir(dataDir)
            .withFollower(
                new FollowerSettings(FollowerSettings.defaults().pollInterval(), staleMax));
    if (databaseUrl != null && !databaseUrl.isBlank()) {
      config = config.withDatabaseUrl(databaseUrl.strip());
    }
    if (clusterNodes < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--cluster-nodes must be at least 1");
    }
    LimitSettings limits =
        LimitSettings.defaults().withFallback(rateLimitFallback).withNodes(clusterNodes);
    if (redisUrl != null && !redisUrl.isBlank()) {
      limits = limits.withRedisUrl(redisUrl.strip());
    }
    config = config.withLimits(limits);
    dev.latchkey.server.api.ForwardAuthSettings forwardAuth =
        dev.latchkey.server.api.ForwardAuthSettings.defaults().withQueryKey(forwardAuthQueryKey);
    try {
      forwardAuth = forwardAuth.withTrustedProxies(trustedProxies);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--trusted-proxies: " + e.getMessage());
    }
    try {
      forwardAuth = forwardAuth.withKeyHeader(forwardAuthKeyHeader);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--forward-auth-key-header: " + e.getMessage());
    }
    config = config.withForwardAuth(forwardAuth);
    if (leakReportKeys != null) {
      try {
        config =
            config.withLeakReporters(dev.latchkey.server.api.LeakReporters.github(leakReportKeys));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--leak-report-keys: " + e.getMessage());
      }
    }
    Optional<String> supplied =
        Optional.ofNullable(System.getenv("LATCHKEY_BOOTSTRAP_ROOT_KEY")).filter(s -> !s.isBlank());
    if (supplied.isPresent()) {
      config = config.withBootstrapRootKey(supplied.get());
    }
    LatchkeyServer server = LatchkeyServer.start(config);
    LOG.info(
        "Latchkey listening on http://{}:{} ({}), ready in {} ms",
        host,
        server.port(),
        config.databaseUrl().isPresent() ? "PostgreSQL" : "SQLite in " + dataDir.toAbsolutePath(),
        (System.nanoTime() - started) / 1_000_000);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: finishing in-flight requests");
                  server.close();
                  LOG.info("stopped");
                  stopped.countDown();
                },
                "latchkey-shutdown"));
    stopped.await();
    return 0;
  }
}
