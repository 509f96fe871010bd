package dev.latchkey.redis.testing;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * The test Redis: {@code redis://127.0.0.1:6379} unless {@code LATCHKEY_TEST_REDIS_URL} names
 * another. When it cannot be reached, {@link #url()} fails the test under CI ({@code CI=true}),
 * where the Redis tests must run, and elsewhere aborts it (reported skipped). Tests keep to keys
 * under a {@link #newPrefix() prefix of their own} and {@link #deleteKeys delete them} after.
 */
public final class RedisTestServer {
  public static final String URL_VARIABLE = "LATCHKEY_TEST_REDIS_URL";

  private RedisTestServer() {}

  /** The server's URL, once it answered a PING. */
  public static String url() {
    String url = System.getenv(URL_VARIABLE);
    String chosen = url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.strip();
    try {
      with(chosen, RedisCommands::ping);
    } catch (RedisException e) {
      String what = "the test Redis at " + chosen + " cannot be reached (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("under CI the Redis tests must run: " + what, e);
      }
      Assumptions.abort("skipped outside CI: " + what + "; start it or set " + URL_VARIABLE);
    }
    return chosen;
  }

  /** A key prefix no other run uses. */
  public static String newPrefix() {
    return "lk-test-" + UUID.randomUUID().toString().substring(0, 12) + ":";
  }

  /** Deletes every key under {@code prefix}; the number deleted. */
  public static long deleteKeys(String url, String prefix) {
    return with(
        url,
        redis -> {
          long deleted = 0;
          ScanCursor cursor = ScanCursor.INITIAL;
          do {
            KeyScanCursor<String> page =
                redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            if (!page.getKeys().isEmpty()) {
              deleted += redis.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
          } while (!cursor.isFinished());
          return deleted;
        });
  }

  /** Runs {@code action} on a connection of its own. */
  public static <T> T with(String url, Function<RedisCommands<String, String>, T> action) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return action.apply(connection.sync());
    } finally {
      client.shutdown();
    }
  }
}
