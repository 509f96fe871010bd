package dev.latchkey.server;

import dev.latchkey.core.anomaly.AnomalySettings;
import dev.latchkey.core.expiry.ExpiryNotices;
import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.core.manage.UsageRetention;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.server.api.ForwardAuthSettings;
import dev.latchkey.server.api.LeakReporters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run a node.
 *
 * @param port 0 picks a free port
 * @param dataDir holds the SQLite database (when no database URL is set) and, after the first
 *     start, the bootstrap root key file
 * @param databaseUrl a PostgreSQL URL ({@code postgresql://…} or {@code jdbc:postgresql://…}) for a
 *     cluster; empty for the embedded SQLite store
 * @param bootstrapRootKey a root key made by {@code latchkey keygen --root} to bootstrap with
 * @param follower how the node follows the change feed, and how long it trusts its cache without
 * @param heartbeat how often {@code /v1/events} streams send a heartbeat when idle
 * @param changeRetention how long change records are kept (how far back streams can resume)
 * @param console where the first start prints the bootstrap key (standard output in production)
 * @param shutdownGrace how long in-flight requests may take to finish when stopping
 * @param limits where rate limits are counted (in memory, or Redis shared by the cluster)
 * @param forwardAuth which header of {@code /v1/forward-auth} carries the client's key, whether the
 *     query may carry it, and which proxies it believes
 * @param monitoring the metrics listener and the access log
 * @param webhooks where webhooks may deliver, and how they retry
 * @param usageRetention how long usage counts are kept by minute, hour and day
 * @param leakReporters who may report public leaks to {@code POST /v1/leaks}, and how they sign
 * @param anomalies the settings of the anomaly rules run over every verification
 * @param secrets the database and Redis passwords when given as references, and how often every
 *     reference is read again
 * @param encryptionKey the key-encryption key that seals what is stored and must be read back
 *     (webhook signing secrets): 32 random bytes in base64. Required with PostgreSQL (every node
 *     needs the same one); with SQLite, when empty, one is generated into {@code
 *     <data-dir>/encryption.key} on the first start and read from there afterwards
 * @param previousEncryptionKeys earlier key-encryption keys, to open what they sealed until {@code
 *     latchkey rewrap} re-sealed it under {@code encryptionKey}
 * @param sinkDrivers the kinds of sink keys' secrets may be delivered to (one driver per type)
 * @param rotation how often the rotation scheduler looks for due rotations, and how far ahead it
 *     warns of them
 * @param expiryNotice how long before its expiry a key raises {@code key_expiring} (checked every
 *     hour); zero turns it off
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> databaseUrl,
    Optional<String> bootstrapRootKey,
    Clock clock,
    CacheSettings cache,
    FollowerSettings follower,
    Duration heartbeat,
    Duration changeRetention,
    PrintStream console,
    Duration shutdownGrace,
    LimitSettings limits,
    ForwardAuthSettings forwardAuth,
    MonitoringSettings monitoring,
    WebhookSettings webhooks,
    UsageRetention usageRetention,
    LeakReporters leakReporters,
    AnomalySettings anomalies,
    ServerSecrets secrets,
    Optional<ServerSecret> encryptionKey,
    List<ServerSecret> previousEncryptionKeys,
    List<SinkDriver> sinkDrivers,
    RotationSettings rotation,
    Duration expiryNotice) {

  public ServerConfig {
    previousEncryptionKeys = List.copyOf(previousEncryptionKeys);
    sinkDrivers = List.copyOf(sinkDrivers);
  }

  /** Loopback, port 8080, SQLite in {@code ./latchkey-data}, the system clock, standard output. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1",
        8080,
        Path.of("latchkey-data"),
        Optional.empty(),
        Optional.empty(),
        Clock.systemUTC(),
        CacheSettings.defaults(),
        FollowerSettings.defaults(),
        Duration.ofSeconds(15),
        Duration.ofHours(24),
        System.out,
        Duration.ofSeconds(10),
        LimitSettings.defaults(),
        ForwardAuthSettings.defaults(),
        MonitoringSettings.defaults(),
        WebhookSettings.defaults(),
        UsageRetention.defaults(),
        LeakReporters.none(),
        AnomalySettings.defaults(),
        ServerSecrets.none(),
        Optional.empty(),
        List.of(),
        List.of(),
        RotationSettings.defaults(),
        Duration.ofDays(7));
  }

  public ServerConfig withHost(String host) {
    return edit(b -> b.host = host);
  }

  public ServerConfig withPort(int port) {
    return edit(b -> b.port = port);
  }

  public ServerConfig withDataDir(Path dataDir) {
    return edit(b -> b.dataDir = dataDir);
  }

  public ServerConfig withDatabaseUrl(String url) {
    return edit(b -> b.databaseUrl = Optional.of(url));
  }

  public ServerConfig withBootstrapRootKey(String key) {
    return edit(b -> b.bootstrapRootKey = Optional.of(key));
  }

  public ServerConfig withClock(Clock clock) {
    return edit(b -> b.clock = clock);
  }

  public ServerConfig withFollower(FollowerSettings follower) {
    return edit(b -> b.follower = follower);
  }

  public ServerConfig withHeartbeat(Duration heartbeat) {
    return edit(b -> b.heartbeat = heartbeat);
  }

  public ServerConfig withConsole(PrintStream console) {
    return edit(b -> b.console = console);
  }

  public ServerConfig withLimits(LimitSettings limits) {
    return edit(b -> b.limits = limits);
  }

  public ServerConfig withForwardAuth(ForwardAuthSettings forwardAuth) {
    return edit(b -> b.forwardAuth = forwardAuth);
  }

  public ServerConfig withMonitoring(MonitoringSettings monitoring) {
    return edit(b -> b.monitoring = monitoring);
  }

  public ServerConfig withWebhooks(WebhookSettings webhooks) {
    return edit(b -> b.webhooks = webhooks);
  }

  public ServerConfig withUsageRetention(UsageRetention usageRetention) {
    return edit(b -> b.usageRetention = usageRetention);
  }

  public ServerConfig withLeakReporters(LeakReporters leakReporters) {
    return edit(b -> b.leakReporters = leakReporters);
  }

  public ServerConfig withAnomalies(AnomalySettings anomalies) {
    return edit(b -> b.anomalies = anomalies);
  }

  public ServerConfig withSecrets(ServerSecrets secrets) {
    return edit(b -> b.secrets = secrets);
  }

  public ServerConfig withEncryptionKey(ServerSecret key) {
    return edit(b -> b.encryptionKey = Optional.of(key));
  }

  public ServerConfig withPreviousEncryptionKeys(List<ServerSecret> keys) {
    return edit(b -> b.previousEncryptionKeys = keys);
  }

  public ServerConfig withSinkDrivers(List<SinkDriver> sinkDrivers) {
    return edit(b -> b.sinkDrivers = List.copyOf(sinkDrivers));
  }

  public ServerConfig withRotation(RotationSettings rotation) {
    return edit(b -> b.rotation = rotation);
  }

  /**
   * @throws IllegalArgumentException when {@code notice} is negative or longer than P366D
   */
  public ServerConfig withExpiryNotice(Duration notice) {
    if (notice.isNegative() || notice.compareTo(ExpiryNotices.MAX_NOTICE) > 0) {
      throw new IllegalArgumentException("must be from PT0S to P366D");
    }
    return edit(b -> b.expiryNotice = notice);
  }

  /** A copy with what {@code change} sets on a mutable draft of this configuration. */
  private ServerConfig edit(java.util.function.Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new ServerConfig(
        d.host,
        d.port,
        d.dataDir,
        d.databaseUrl,
        d.bootstrapRootKey,
        d.clock,
        d.cache,
        d.follower,
        d.heartbeat,
        d.changeRetention,
        d.console,
        d.shutdownGrace,
        d.limits,
        d.forwardAuth,
        d.monitoring,
        d.webhooks,
        d.usageRetention,
        d.leakReporters,
        d.anomalies,
        d.secrets,
        d.encryptionKey,
        d.previousEncryptionKeys,
        d.sinkDrivers,
        d.rotation,
        d.expiryNotice);
  }

  private static final class Draft {
    String host;
    int port;
    Path dataDir;
    Optional<String> databaseUrl;
    Optional<String> bootstrapRootKey;
    Clock clock;
    CacheSettings cache;
    FollowerSettings follower;
    Duration heartbeat;
    Duration changeRetention;
    PrintStream console;
    Duration shutdownGrace;
    LimitSettings limits;
    ForwardAuthSettings forwardAuth;
    MonitoringSettings monitoring;
    WebhookSettings webhooks;
    UsageRetention usageRetention;
    LeakReporters leakReporters;
    AnomalySettings anomalies;
    ServerSecrets secrets;
    Optional<ServerSecret> encryptionKey;
    List<ServerSecret> previousEncryptionKeys;
    List<SinkDriver> sinkDrivers;
    RotationSettings rotation;
    Duration expiryNotice;

    Draft(ServerConfig c) {
      host = c.host;
      port = c.port;
      dataDir = c.dataDir;
      databaseUrl = c.databaseUrl;
      bootstrapRootKey = c.bootstrapRootKey;
      clock = c.clock;
      cache = c.cache;
      follower = c.follower;
      heartbeat = c.heartbeat;
      changeRetention = c.changeRetention;
      console = c.console;
      shutdownGrace = c.shutdownGrace;
      limits = c.limits;
      forwardAuth = c.forwardAuth;
      monitoring = c.monitoring;
      webhooks = c.webhooks;
      usageRetention = c.usageRetention;
      leakReporters = c.leakReporters;
      anomalies = c.anomalies;
      secrets = c.secrets;
      encryptionKey = c.encryptionKey;
      previousEncryptionKeys = c.previousEncryptionKeys;
      sinkDrivers = c.sinkDrivers;
      rotation = c.rotation;
      expiryNotice = c.expiryNotice;
    }
  }
}
