package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.FallbackMode;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.provider.ResolvedSecret;
import dev.latchkey.core.provider.SecretResolver;
import dev.latchkey.redis.testing.RedisProcess;
import dev.latchkey.secrets.SecretStores;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --redis-password file:…} end to end below the HTTP layer: the node's limiters authenticate
 * with the referenced password, and after it is rotated in Redis and in the file, a refresh makes
 * reconnections use the new one.
 */
class LimitersPasswordTest {
  private static final Counter REQUESTS =
      new Counter("key_a", new LimitRule("requests", 1000, Duration.ofMinutes(1)));

  @TempDir Path dir;

  @Test
  void aRotatedRedisPassword_isUsedAfterTheRefresh() throws Exception {
    String first = "pw-" + UUID.randomUUID();
    String second = "pw-" + UUID.randomUUID();
    Path file = Files.writeString(dir.resolve("redis-password"), first + "\n");
    SecretResolver resolver = SecretResolver.of(SecretStores.providers(Map.of()));
    ResolvedSecret password = resolver.resolve("--redis-password", "file:" + file);
    try (RedisProcess redis = RedisProcess.start("--requirepass", first);
        Limiters limiters =
            Limiters.open(
                LimitSettings.defaults()
                    .withRedisUrl(redis.url())
                    .withFallback(FallbackMode.CLOSED),
                Clock.systemUTC(),
                Optional.of(password))) {
      assertThat(chargesInRedisWithin(limiters, Duration.ofSeconds(5))).isTrue();

      rotate(redis, first, second);
      Files.writeString(file, second + "\n");
      assertThat(resolver.refreshAll()).isEqualTo(1);

      assertThat(chargesInRedisWithin(limiters, Duration.ofSeconds(10))).isTrue();
    }
  }

  private static boolean chargesInRedisWithin(Limiters limiters, Duration time) {
    long deadline = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < deadline) {
      limiters.keys.charge("ws_1", List.of(REQUESTS), 1);
      if (limiters.state().equals("redis")) {
        return true;
      }
      RedisProcess.sleep(50);
    }
    return false;
  }

  /** The new password in Redis, and every client connection dropped. */
  private static void rotate(RedisProcess redis, String from, String to) throws IOException {
    int port = Integer.parseInt(redis.url().substring(redis.url().lastIndexOf(':') + 1));
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("AUTH " + from + "\r\nCONFIG SET requirepass " + to + "\r\nCLIENT KILL TYPE normal\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      s.getInputStream().readNBytes(10); // +OK +OK, then the kill drops this connection too
    }
  }
}
