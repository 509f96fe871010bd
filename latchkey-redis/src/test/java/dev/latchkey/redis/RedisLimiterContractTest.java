package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.limit.Limiter;
import dev.latchkey.core.limit.LimiterContract;
import dev.latchkey.redis.testing.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The limiter contract on the real test Redis, windows taken from the test's clock (the override of
 * the server's {@code TIME}), keys under a prefix of this run, deleted after.
 */
class RedisLimiterContractTest extends LimiterContract {
  private static String url;
  private static String prefix;

  @BeforeAll
  static void connect() {
    url = RedisTestServer.url();
    prefix = RedisTestServer.newPrefix();
  }

  @AfterAll
  static void deleteKeys() {
    if (prefix != null) {
      RedisTestServer.deleteKeys(url, prefix);
      assertThat(RedisTestServer.deleteKeys(url, prefix)).isZero();
    }
  }

  @Override
  protected Limiter newLimiter(Clock clock) {
    // The contract is about counting, not deadlines: a generous timeout keeps a loaded machine's
    // slow answer from turning into a failed (yet counted) charge. RedisOutageTest tests timeouts.
    return RedisLimiter.builder(url)
        .keyPrefix(prefix)
        .clock(clock)
        .timeout(Duration.ofSeconds(5))
        .connect();
  }
}
