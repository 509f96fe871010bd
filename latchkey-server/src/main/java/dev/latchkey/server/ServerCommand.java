package dev.latchkey.server;

import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.core.limit.FallbackMode;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.server.logging.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
      names = "--forward-auth-port",
      defaultValue = "${env:LATCHKEY_FORWARD_AUTH_PORT}",
      description =
          "Also answer /v1/forward-auth on a listener of its own at this port, on --host: for "
              + "gateways, with less work per request than the API's port (env "
              + "LATCHKEY_FORWARD_AUTH_PORT; default: the API's port alone).")
  Integer forwardAuthPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:LATCHKEY_METRICS_PORT}",
      description =
          "Serve GET /metrics (Prometheus) on a listener of its own at this port (env "
              + "LATCHKEY_METRICS_PORT; default: no metrics listener).")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "${env:LATCHKEY_METRICS_HOST:-127.0.0.1}",
      description =
          "Address of the metrics listener; metrics name services and show traffic of every "
              + "workspace (env LATCHKEY_METRICS_HOST; default ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(
      names = "--access-log",
      defaultValue = "${env:LATCHKEY_ACCESS_LOG:-false}",
      arity = "1",
      description =
          "Log every request at INFO: method, route template, status, duration, client, request "
              + "id; it costs a forward-auth request about half again its CPU (env "
              + "LATCHKEY_ACCESS_LOG; default ${DEFAULT-VALUE}).")
  boolean accessLog;

  @Option(
      names = "--log-format",
      defaultValue = "${env:LATCHKEY_LOG_FORMAT:-text}",
      converter = LogFormatConverter.class,
      description =
          "text (one readable line) or json (one JSON object a line) (env LATCHKEY_LOG_FORMAT; "
              + "default ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  private static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false; // the listener could not have started on it either
    }
  }

  /** {@code text} or {@code json}, for picocli. */
  static final class LogFormatConverter implements picocli.CommandLine.ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      return LogFormat.parse(value)
          .orElseThrow(
              () -> new picocli.CommandLine.TypeConversionException("must be text or json"));
    }
  }

  @Option(
      names = "--webhook-allow",
      defaultValue = "${env:LATCHKEY_WEBHOOK_ALLOW:-}",
      description =
          "Comma-separated CIDRs webhooks may deliver to although they are private, loopback or "
              + "otherwise internal, e.g. 10.1.2.0/24 (env LATCHKEY_WEBHOOK_ALLOW; default none: "
              + "public addresses only).")
  String webhookAllow;

  @Option(
      names = "--webhook-max-attempts",
      defaultValue = "${env:LATCHKEY_WEBHOOK_MAX_ATTEMPTS:-6}",
      description =
          "Attempts of a webhook delivery before it is dead, 1 to 50 (env "
              + "LATCHKEY_WEBHOOK_MAX_ATTEMPTS; default ${DEFAULT-VALUE}).")
  int webhookMaxAttempts;

  @Option(
      names = "--usage-minutes-retention",
      defaultValue = "${env:LATCHKEY_USAGE_MINUTES_RETENTION:-PT48H}",
      converter = DurationConverter.class,
      description =
          "How long per-minute usage counts are kept, at least PT6H (env "
              + "LATCHKEY_USAGE_MINUTES_RETENTION; default ${DEFAULT-VALUE}).")
  Duration usageMinutesRetention;

  @Option(
      names = "--usage-hours-retention",
      defaultValue = "${env:LATCHKEY_USAGE_HOURS_RETENTION:-P90D}",
      converter = DurationConverter.class,
      description =
          "How long per-hour usage counts are kept, at least P3D (env "
              + "LATCHKEY_USAGE_HOURS_RETENTION; default ${DEFAULT-VALUE}).")
  Duration usageHoursRetention;

  @Option(
      names = "--usage-days-retention",
      defaultValue = "${env:LATCHKEY_USAGE_DAYS_RETENTION:-P730D}",
      converter = DurationConverter.class,
      description =
          "How long per-day usage counts are kept, at least P1D (env "
              + "LATCHKEY_USAGE_DAYS_RETENTION; default ${DEFAULT-VALUE}).")
  Duration usageDaysRetention;

  @Option(
      names = "--guessing-threshold",
      defaultValue = "${env:LATCHKEY_GUESSING_THRESHOLD:-20}",
      description =
          "Unknown or malformed keys from one address (one /64 for IPv6) within a minute that "
              + "raise secret_guessing; 0 turns the rule off (env LATCHKEY_GUESSING_THRESHOLD; "
              + "default ${DEFAULT-VALUE}).")
  int guessingThreshold;

  @Option(
      names = "--key-unused-after",
      defaultValue = "${env:LATCHKEY_KEY_UNUSED_AFTER:-P30D}",
      converter = DurationConverter.class,
      description =
          "A live key not used for this long raises key_unused (checked every 6 hours); PT0S "
              + "turns the rule off (env LATCHKEY_KEY_UNUSED_AFTER; default ${DEFAULT-VALUE}).")
  Duration keyUnusedAfter;

  @Option(
      names = "--expiry-notice",
      defaultValue = "${env:LATCHKEY_EXPIRY_NOTICE:-P7D}",
      converter = DurationConverter.class,
      description =
          "A live key whose expiry is this close raises key_expiring, once per expiry (checked "
              + "every hour); at most P366D; PT0S turns the rule off (env LATCHKEY_EXPIRY_NOTICE; "
              + "default ${DEFAULT-VALUE}).")
  Duration expiryNotice;

  @Option(
      names = "--guessing-block",
      defaultValue = "${env:LATCHKEY_GUESSING_BLOCK:-PT0S}",
      converter = DurationConverter.class,
      description =
          "How long /v1/forward-auth then answers 429 to that address without looking at its "
              + "keys; PT0S: alert only (env LATCHKEY_GUESSING_BLOCK; default ${DEFAULT-VALUE}).")
  Duration guessingBlock;

  @Option(
      names = "--leak-report-keys",
      defaultValue = "${env:LATCHKEY_LEAK_REPORT_KEYS}",
      paramLabel = "PATH",
      description =
          "GitHub's secret scanning public keys (the JSON of api.github.com/meta/public_keys/"
              + "secret_scanning, saved to a file): enables POST /v1/leaks for reports GitHub signs "
              + "(env LATCHKEY_LEAK_REPORT_KEYS; default: disabled).")
  Path leakReportKeys;

  @Option(
      names = "--bootstrap-root-key",
      paramLabel = "REF",
      description =
          "Reference to the root key (made by `latchkey keygen --root`) to bootstrap an empty "
              + "store with: env:NAME, file:/path, vault:mount/path#field… (the variable "
              + "LATCHKEY_BOOTSTRAP_ROOT_KEY holding the key itself works too).")
  String bootstrapRootKeyRef;

  @Option(
      names = "--database-password",
      paramLabel = "REF",
      defaultValue = "${env:LATCHKEY_DATABASE_PASSWORD}",
      description =
          "Reference to the PostgreSQL password, overriding the one in --database-url: env:NAME, "
              + "file:/path, vault:mount/path#field… (env LATCHKEY_DATABASE_PASSWORD, a reference "
              + "too). Refreshed: new connections use the new value.")
  String databasePasswordRef;

  @Option(
      names = "--redis-password",
      paramLabel = "REF",
      defaultValue = "${env:LATCHKEY_REDIS_PASSWORD}",
      description =
          "Reference to the Redis password, overriding the one in --redis-url (env "
              + "LATCHKEY_REDIS_PASSWORD, a reference too). Refreshed: reconnections use the new "
              + "value.")
  String redisPasswordRef;

  @Option(
      names = "--secret-refresh",
      paramLabel = "DURATION",
      defaultValue = "${env:LATCHKEY_SECRET_REFRESH:-PT5M}",
      converter = RefreshConverter.class,
      description =
          "How often every secret reference is read again, ISO-8601; 0 never (env "
              + "LATCHKEY_SECRET_REFRESH; default ${DEFAULT-VALUE}).")
  Duration secretRefresh;

  /** An ISO-8601 duration, or {@code 0} for never, for picocli. */
  static final class RefreshConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return value.strip().equals("0") ? Duration.ZERO : new DurationConverter().convert(value);
    }
  }

  @Option(
      names = "--encryption-key",
      defaultValue = "${env:LATCHKEY_ENCRYPTION_KEY}",
      paramLabel = "REF",
      description =
          "Where the key-encryption key is, a secret reference (env:, file:, vault:, aws-sm:, azure-kv:): 32 random bytes in base64 "
              + "(openssl rand -base64 32) that seal webhook secrets in the database. Required "
              + "with --database-url (env LATCHKEY_ENCRYPTION_KEY; default with SQLite: "
              + "<data-dir>/encryption.key, generated on the first start).")
  String encryptionKey;

  @Option(
      names = "--previous-encryption-keys",
      defaultValue = "${env:LATCHKEY_PREVIOUS_ENCRYPTION_KEYS}",
      paramLabel = "REF[,REF...]",
      description =
          "Earlier key-encryption keys, a secret reference (env:, file:, vault:, aws-sm:, azure-kv:), comma-separated: what they sealed "
              + "still opens until latchkey rewrap re-sealed it (env "
              + "LATCHKEY_PREVIOUS_ENCRYPTION_KEYS; default none).")
  String previousEncryptionKeys;

  @Option(
      names = "--rotation-poll",
      defaultValue = "${env:LATCHKEY_ROTATION_POLL:-PT10S}",
      converter = DurationConverter.class,
      description =
          "How often the node looks for rotations that came due and runs them, at least PT0.1S "
              + "(env LATCHKEY_ROTATION_POLL; default ${DEFAULT-VALUE}).")
  Duration rotationPoll;

  @Option(
      names = "--rotation-notice",
      defaultValue = "${env:LATCHKEY_ROTATION_NOTICE:-P1D}",
      converter = DurationConverter.class,
      description =
          "How long ahead of a scheduled rotation rotation_upcoming is raised; PT0S turns it off "
              + "(env LATCHKEY_ROTATION_NOTICE; default ${DEFAULT-VALUE}).")
  Duration rotationNotice;

  @Option(
      names = "--sink-file-root",
      defaultValue = "${env:LATCHKEY_SINK_FILE_ROOT}",
      paramLabel = "DIR",
      description =
          "The directory file sinks write under; a sink's path is relative to it (env "
              + "LATCHKEY_SINK_FILE_ROOT; default <data-dir>/sinks).")
  Path sinkFileRoot;

  @Option(
      names = "--public-url",
      defaultValue = "${env:LATCHKEY_PUBLIC_URL}",
      paramLabel = "URL",
      description =
          "Where clients reach this server, https://host[:port][/path]: the base of one-time links "
              + "(env LATCHKEY_PUBLIC_URL; default http://<host>:<port>).")
  String publicUrl;

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

  private SecretFlags secretFlags() {
    return new SecretFlags(
        present(bootstrapRootKeyRef),
        present(databasePasswordRef),
        present(redisPasswordRef),
        secretRefresh);
  }

  private static Optional<String> present(String option) {
    return Optional.ofNullable(option).filter(s -> !s.isBlank());
  }

  /** The keys as references name them, checked before anything starts. */
  private ServerConfig withEncryptionKeys(ServerConfig config) {
    try {
      List<ServerSecret> previous =
          KeyReferences.resolveAll("--previous-encryption-keys", previousEncryptionKeys);
      config = config.withPreviousEncryptionKeys(previous);
      if (encryptionKey == null || encryptionKey.isBlank()) {
        if (config.databaseUrl().isPresent()) {
          throw new IllegalArgumentException(
              "--encryption-key is required with --database-url: every node must seal with the"
                  + " same key-encryption key (make one with: openssl rand -base64 32)");
        }
        return config;
      }
      return config.withEncryptionKey(
          KeyReferences.resolve("--encryption-key", encryptionKey.strip()));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    LogFormat.use(logFormat);
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
    if (forwardAuthPort != null) {
      if (forwardAuthPort < 0 || forwardAuthPort > 65535) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--forward-auth-port must be 0 to 65535");
      }
      forwardAuth = forwardAuth.withPort(forwardAuthPort);
    }
    config = config.withForwardAuth(forwardAuth);
    MonitoringSettings monitoring = MonitoringSettings.defaults().withAccessLog(accessLog);
    if (metricsPort != null) {
      if (metricsPort < 0 || metricsPort > 65535) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--metrics-port must be 0 to 65535");
      }
      monitoring = monitoring.withMetrics(metricsHost.strip(), metricsPort);
    }
    config = config.withMonitoring(monitoring);
    try {
      config =
          config.withWebhooks(
              WebhookSettings.defaults()
                  .withAllowed(webhookAllow == null ? "" : webhookAllow)
                  .withMaxAttempts(webhookMaxAttempts));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--webhook-allow or --webhook-max-attempts: " + e.getMessage());
    }
    try {
      config =
          config.withUsageRetention(
              new dev.latchkey.core.manage.UsageRetention(
                  usageMinutesRetention, usageHoursRetention, usageDaysRetention));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--usage-*-retention: usage " + e.getMessage());
    }
    try {
      config =
          config.withAnomalies(
              dev.latchkey.core.anomaly.AnomalySettings.defaults()
                  .withGuessing(guessingThreshold, Duration.ofMinutes(1), guessingBlock)
                  .withKeyUnused(keyUnusedAfter));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--guessing-threshold, --guessing-block or --key-unused-after: " + e.getMessage());
    }
    try {
      config = config.withExpiryNotice(expiryNotice);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--expiry-notice: " + e.getMessage());
    }
    if (leakReportKeys != null) {
      try {
        config =
            config.withLeakReporters(dev.latchkey.server.api.LeakReporters.github(leakReportKeys));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--leak-report-keys: " + e.getMessage());
      }
    }
    config = withEncryptionKeys(config);
    try {
      RotationSettings rotation =
          RotationSettings.defaults().withPoll(rotationPoll).withNotice(rotationNotice);
      if (sinkFileRoot != null) {
        rotation = rotation.withFileSinkRoot(sinkFileRoot);
      }
      if (publicUrl != null && !publicUrl.isBlank()) {
        rotation = rotation.withPublicUrl(publicUrl.strip());
      }
      config = config.withRotation(rotation);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--rotation-poll, --rotation-notice or --public-url: " + e.getMessage());
    }
    Optional<String> supplied =
        Optional.ofNullable(System.getenv("LATCHKEY_BOOTSTRAP_ROOT_KEY")).filter(s -> !s.isBlank());
    if (supplied.isPresent()) {
      config = config.withBootstrapRootKey(supplied.get());
    }
    try {
      config =
          secretFlags()
              .resolve(
                  config,
                  dev.latchkey.core.provider.SecretResolver.of(
                      dev.latchkey.secrets.SecretStores.providers(System.getenv())));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("latchkey server: " + e.getMessage());
      return dev.latchkey.server.cli.ExitCodes.USAGE;
    } catch (dev.latchkey.core.provider.SecretUnavailableException e) {
      spec.commandLine().getErr().println("latchkey server: " + e.getMessage());
      return dev.latchkey.server.cli.ExitCodes.UNAVAILABLE;
    }
    LatchkeyServer server = LatchkeyServer.start(config);
    LOG.info(
        "Latchkey listening on http://{}:{} ({}), ready in {} ms",
        host,
        server.port(),
        config.databaseUrl().isPresent() ? "PostgreSQL" : "SQLite in " + dataDir.toAbsolutePath(),
        (System.nanoTime() - started) / 1_000_000);
    server
        .forwardAuthPort()
        .ifPresent(p -> LOG.info("forward auth at http://{}:{}/v1/forward-auth", host, p));
    server
        .metricsPort()
        .ifPresent(p -> LOG.info("metrics at http://{}:{}/metrics", metricsHost.strip(), p));
    if (server.metricsPort().isPresent() && !isLoopback(metricsHost.strip())) {
      LOG.warn(
          "the metrics listener is on {}, not loopback: it asks for no credential, and metrics "
              + "show every workspace's services and traffic; keep it on a monitoring network",
          metricsHost.strip());
    }
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
