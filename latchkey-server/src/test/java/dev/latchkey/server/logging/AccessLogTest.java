package dev.latchkey.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.server.MonitoringSettings;
import dev.latchkey.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One access log line per request, naming the route template and carrying the request id the
 * response did; never the path as sent nor the query.
 */
class AccessLogTest {
  @TempDir Path dir;

  private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger access = ctx.getLogger(AccessLog.LOGGER);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level before;

  @BeforeEach
  void capture() {
    lines.setContext(ctx);
    lines.start();
    access.addAppender(lines);
    before = access.getLevel();
    access.setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    access.detachAppender(lines);
    access.setLevel(before);
  }

  @Test
  void aLinePerRequest_withTemplateStatusAndRequestId() {
    try (TestServer t =
        new TestServer(
            dir, c -> c.withMonitoring(MonitoringSettings.defaults().withAccessLog(true)))) {
      String key = t.newKey("payments").get("key").asText();
      // A line is written once its response has gone: wait for the set-up's before starting.
      awaitLines(2);
      lines.list.clear();
      var listed = t.get("/v1/keys?service=" + key + "&page_size=5");
      var missing = t.call("GET", "/v1/keys/" + key, null);

      awaitLines(2);
      List<ILoggingEvent> events = List.copyOf(lines.list);
      assertThat(events).hasSize(2);
      ILoggingEvent first = events.get(0);
      assertThat(first.getLevel()).isEqualTo(Level.INFO);
      assertThat(first.getFormattedMessage()).startsWith("GET /v1/keys " + listed.status() + " ");
      assertThat(first.getMDCPropertyMap())
          .containsEntry("request_id", listed.header("X-Request-Id"));
      assertThat(first.getKeyValuePairs())
          .anySatisfy(kv -> assertThat(kv.key + "=" + kv.value).isEqualTo("route=/v1/keys"));
      ILoggingEvent second = events.get(1);
      assertThat(second.getFormattedMessage()).startsWith("GET /v1/keys/{id} " + missing.status());
      assertThat(second.getMDCPropertyMap())
          .containsEntry("request_id", missing.header("X-Request-Id"));
      for (ILoggingEvent e : events) {
        assertThat(e.getFormattedMessage() + e.getKeyValuePairs())
            .doesNotContain(key.substring(4))
            .doesNotContain("page_size");
      }
    }
  }

  private void awaitLines(int count) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (lines.list.size() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Test
  void switchedOff_noLines() {
    try (TestServer t =
        new TestServer(
            dir, c -> c.withMonitoring(MonitoringSettings.defaults().withAccessLog(false)))) {
      lines.list.clear();
      t.get("/v1/services");
      t.call("GET", "/healthz", null, Map.of());
      assertThat(lines.list).isEmpty();
    }
  }
}
