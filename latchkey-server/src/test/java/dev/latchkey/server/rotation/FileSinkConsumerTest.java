package dev.latchkey.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise, end to end: a service that reads its key from a file sink before each call,
 * the way a pod reads a mounted Secret, keeps every verification valid while the scheduler rotates
 * the key three times and each old secret's grace period runs out.
 */
class FileSinkConsumerTest {
  static final Duration GRACE = Duration.ofHours(1);

  @TempDir Path dir;
  TestServer t;
  Path file;

  @BeforeEach
  void start() {
    t = new TestServer(dir.resolve("data"));
    file =
        dir.resolve("data")
            .resolve("sinks")
            .resolve(t.workspaceId())
            .resolve("payments")
            .resolve("api-key");
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** A consumer: reads the file, presents what it read, counts every verdict that is not VALID. */
  final class Consumer implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicInteger calls = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final Set<String> secretsUsed = ConcurrentHashMap.newKeySet();
    volatile String lastUsed;

    @Override
    public void run() {
      while (running.get()) {
        String secret = read();
        JsonNode verdict = t.verify(secret);
        if (!"VALID".equals(verdict.get("code").asText())) {
          failures.add(verdict.get("code").asText());
        }
        secretsUsed.add(secret);
        lastUsed = secret;
        calls.incrementAndGet();
      }
    }

    /** Waits until the consumer has used {@code secret} for {@code calls} more calls. */
    void awaitUsing(String secret, int more) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> secret.equals(lastUsed));
      int from = calls.get();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= from + more);
    }
  }

  String read() {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void consumerReadingTheFile_keepsWorkingThroughThreeRotations_withNoFailedVerification()
      throws Exception {
    String service =
        t.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")
            .json()
            .get("id")
            .asText();
    String sink =
        t.post(
                "/v1/sinks",
                "{\"name\":\"pod\",\"type\":\"file\",\"settings\":{\"path\":\"payments/api-key\"}}")
            .json()
            .get("id")
            .asText();
    assertThat(
            t.call(
                    "PUT",
                    "/v1/services/" + service + "/rotation-policy",
                    "{\"max_age\":\"P1D\",\"grace_period\":\"PT1H\",\"sink\":\"" + sink + "\"}")
                .status())
        .isEqualTo(200);
    JsonNode issued = t.post("/v1/keys", "{\"service\":\"" + service + "\"}").json();
    assertThat(read()).isEqualTo(issued.get("key").asText()); // delivered on creation
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    Consumer consumer = new Consumer();
    Thread thread = Thread.ofPlatform().name("consumer").start(consumer);
    try {
      consumer.awaitUsing(issued.get("key").asText(), 10);
      for (int rotation = 1; rotation <= 3; rotation++) {
        String before = read();
        t.clock.advance(Duration.ofDays(1));
        assertThat(t.rotateDue()).isEqualTo(1);
        String after = read();
        assertThat(after).isNotEqualTo(before);
        consumer.awaitUsing(after, 10);
        t.clock.advance(GRACE.plusSeconds(1)); // the previous secret stops verifying now
        assertThat(t.verify(before).get("code").asText()).isNotEqualTo("VALID");
        consumer.awaitUsing(after, 10);
      }
    } finally {
      consumer.running.set(false);
      thread.join(10_000);
    }

    assertThat(consumer.failures).isEmpty();
    assertThat(consumer.secretsUsed).hasSize(4);
    assertThat(consumer.calls.get()).isGreaterThanOrEqualTo(70);
    JsonNode rotations =
        t.get("/v1/keys/" + issued.get("data").get("id").asText() + "/rotations")
            .json()
            .get("items");
    assertThat(rotations.size()).isEqualTo(3);
    for (JsonNode r : rotations) {
      assertThat(r.get("status").asText()).isEqualTo("done");
      assertThat(r.get("location").asText()).contains("payments/api-key");
    }
  }
}
