package dev.latchkey.server;

import dev.latchkey.core.provider.SecretResolver;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every secret reference again on schedule, on a thread of its own: a slow vault (up to its
 * request timeout per reference) must not hold up the node's other background work.
 */
final class SecretRefresh implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SecretRefresh.class);

  private final Optional<ScheduledExecutorService> executor;

  private SecretRefresh(Optional<ScheduledExecutorService> executor) {
    this.executor = executor;
  }

  /** Starts refreshing, unless nothing was given as a reference or the interval is zero. */
  static SecretRefresh start(ServerSecrets secrets) {
    if (secrets.resolver().isEmpty() || secrets.refreshEvery().isZero()) {
      return new SecretRefresh(Optional.empty());
    }
    SecretResolver resolver = secrets.resolver().get();
    long millis = secrets.refreshEvery().toMillis();
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("latchkey-secret-refresh").daemon().factory());
    executor.scheduleWithFixedDelay(() -> refresh(resolver), millis, millis, TimeUnit.MILLISECONDS);
    return new SecretRefresh(Optional.of(executor));
  }

  private static void refresh(SecretResolver resolver) {
    try {
      resolver.refreshAll(); // logs each reference it could not read, and each change
    } catch (RuntimeException e) {
      LOG.warn("could not refresh the secret references; will retry: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.ifPresent(ScheduledExecutorService::shutdownNow);
  }
}
