package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.LimiterUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.redis.testing.RedisProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis password given apart from the URL and rotated while the limiter runs, against a {@code
 * redis-server} of the test's own started with {@code --requirepass}.
 */
class RedisPasswordTest {
  private static final Counter REQUESTS =
      new Counter("key_a", new LimitRule("requests", 1000, Duration.ofMinutes(1)));

  private final String first = "pw-" + UUID.randomUUID();
  private final String second = "pw-" + UUID.randomUUID();
  private final RedisProcess server = RedisProcess.start("--requirepass", first);
  private final AtomicReference<ServerSecret> password =
      new AtomicReference<>(ServerSecret.of(first));
  private final RedisLimiter redis =
      RedisLimiter.builder(server.url())
          .timeout(Duration.ofSeconds(1))
          .password(password::get)
          .connect();

  @AfterEach
  void stop() {
    redis.close();
    server.close();
  }

  @Test
  void afterTheRotation_reconnectionsAuthenticateWithTheRefreshedPassword() {
    assertThat(answersWithin(Duration.ofSeconds(5))).isTrue();

    rotateInRedis();
    password.set(ServerSecret.of(second)); // what refreshing the reference does

    assertThat(answersWithin(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void withoutTheRefresh_reconnectionsAreRefused() {
    assertThat(answersWithin(Duration.ofSeconds(5))).isTrue();

    rotateInRedis();

    assertThat(answersWithin(Duration.ofSeconds(3))).isFalse();
  }

  /** Sets the new password in Redis, then drops every client connection, as a rotation would. */
  private void rotateInRedis() {
    String port = server.url().substring(server.url().lastIndexOf(':') + 1);
    try (Socket s = new Socket("127.0.0.1", Integer.parseInt(port))) {
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(
          ("AUTH " + first + "\r\nCONFIG SET requirepass " + second + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(new String(in.readNBytes(10), StandardCharsets.US_ASCII))
          .isEqualTo("+OK\r\n+OK\r\n");
      out.write("CLIENT KILL TYPE normal\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean answers() {
    try {
      redis.charge("ws_1", List.of(REQUESTS), 1);
      return true;
    } catch (LimiterUnavailableException e) {
      return false;
    }
  }

  private boolean answersWithin(Duration time) {
    long deadline = System.nanoTime() + time.toNanos();
    while (System.nanoTime() < deadline) {
      if (answers()) {
        return true;
      }
      RedisProcess.sleep(50);
    }
    return false;
  }
}
