package dev.latchkey.secrets.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the SDK waits and how often it tries. Production uses {@link #defaults()}; tests pass
 * short timeouts through the package-private constructors instead of sleeping.
 *
 * @param connect to open a connection
 * @param attempt for one attempt, request sent to response read
 * @param call for the whole call, retries included
 * @param maxAttempts attempts per call, the first included
 */
record AwsTuning(Duration connect, Duration attempt, Duration call, int maxAttempts) {
  AwsTuning {
    Objects.requireNonNull(connect);
    Objects.requireNonNull(attempt);
    Objects.requireNonNull(call);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1");
    }
  }

  static AwsTuning defaults() {
    return new AwsTuning(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), 3);
  }
}
