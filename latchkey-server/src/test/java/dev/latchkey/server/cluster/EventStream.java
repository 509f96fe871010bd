package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code GET /v1/events} stream of one node, read by a thread of its own into a queue of change
 * events. {@link #close()} ends it from the client's side.
 */
final class EventStream implements AutoCloseable {
  private final InputStream body;
  private final BlockingQueue<JsonNode> changes = new LinkedBlockingQueue<>();

  private EventStream(InputStream body) {
    this.body = body;
    Thread.ofVirtual().name("event-stream-reader").start(this::read);
  }

  /** Opens the stream; it starts after the newest change committed before it opened. */
  static EventStream open(Node node) {
    HttpResponse<InputStream> r = node.open("/v1/events");
    assertThat(r.statusCode()).as("GET /v1/events on %s", node.name).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    return new EventStream(r.body());
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("data: ")) {
          changes.add(Json.mapper().readTree(line.substring("data: ".length())));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // the stream ended: closed by the test, or the node stopped
    }
  }

  /**
   * Waits up to {@code timeout} for the change of kind {@code kind} to entity {@code id}, skipping
   * other changes; fails the test if it does not come.
   */
  JsonNode awaitChange(String id, String kind, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode change = changes.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
      assertThat(change).as("a %s change of %s within %s", kind, id, timeout).isNotNull();
      if (change.path("id").asText().equals(id) && change.path("kind").asText().equals(kind)) {
        return change;
      }
    }
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // closing anyway; the reader thread ends with the stream
    }
  }
}
