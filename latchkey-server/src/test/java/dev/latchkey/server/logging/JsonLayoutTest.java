package dev.latchkey.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/** One JSON object a line, with fixed fields that a message cannot forge. */
class JsonLayoutTest {
  private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger logger = ctx.getLogger("dev.latchkey.test");

  @AfterEach
  void clear() {
    MDC.clear();
    LogFormat.use(LogFormat.TEXT);
  }

  @Test
  void oneObjectPerLine_withRequestIdFieldsAndException() throws Exception {
    MDC.put("request_id", "req_abc");
    LoggingEvent e =
        new LoggingEvent(
            Logger.class.getName(),
            logger,
            Level.WARN,
            "line one\nline \"two\" {}",
            new IllegalStateException("boom"),
            new Object[] {"\"level\":\"forged\""});
    e.addKeyValuePair(new KeyValuePair("status", 503));
    e.addKeyValuePair(new KeyValuePair("route", "/v1/keys/{id}"));
    e.addKeyValuePair(new KeyValuePair("level", "forged")); // fixed fields cannot be overwritten
    String line = new JsonLayout().doLayout(e);

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = Json.mapper().readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("logger").asText()).isEqualTo("dev.latchkey.test");
    assertThat(json.get("message").asText())
        .isEqualTo("line one\nline \"two\" \"level\":\"forged\"");
    assertThat(json.get("request_id").asText()).isEqualTo("req_abc");
    assertThat(json.get("status").asInt()).isEqualTo(503);
    assertThat(json.get("route").asText()).isEqualTo("/v1/keys/{id}");
    assertThat(json.get("exception").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("at dev.latchkey.server.logging.JsonLayoutTest");
    assertThat(java.time.Instant.parse(json.get("time").asText())).isNotNull();
  }

  @Test
  void noRequestId_outsideARequest() throws Exception {
    LoggingEvent e =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "started", null, null);
    JsonNode json = Json.mapper().readTree(new JsonLayout().doLayout(e));
    assertThat(json.has("request_id")).isFalse();
    assertThat(json.has("exception")).isFalse();
  }

  @Test
  void exactlyOneAppenderWrites_theOneOfTheFormatInUse() {
    FormatFilter text = new FormatFilter();
    text.setFormat("text");
    FormatFilter json = new FormatFilter();
    json.setFormat("JSON");
    LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "x", null, null);
    LogFormat.use(LogFormat.TEXT);
    assertThat(text.decide(e)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(json.decide(e)).isEqualTo(FilterReply.DENY);
    LogFormat.use(LogFormat.JSON);
    assertThat(text.decide(e)).isEqualTo(FilterReply.DENY);
    assertThat(json.decide(e)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(LogFormat.parse(" Json ")).contains(LogFormat.JSON);
    assertThat(LogFormat.parse("xml")).isEmpty();
  }
}
