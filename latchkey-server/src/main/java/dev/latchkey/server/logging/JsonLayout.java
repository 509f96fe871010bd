package dev.latchkey.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code time} (RFC 3339, UTC, milliseconds), {@code level}, {@code
 * logger}, {@code thread}, {@code message}, then {@code request_id} when the line was written while
 * a request was handled, the event's key-value pairs (the access log's {@code method}, {@code
 * route}, {@code status}, …) as fields of their own, and {@code exception} (class, message and
 * stack trace as one string) when there is one. Field names are fixed; values are escaped by
 * Jackson, so a message cannot forge a field or a line. Thread-safe.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final java.util.Set<String> FIXED =
      java.util.Set.of("time", "level", "logger", "thread", "message", "exception", "request_id");

  @Override
  public String doLayout(ILoggingEvent event) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      g.writeStringField("message", event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      String requestId = mdc == null ? null : mdc.get("request_id");
      if (requestId != null) {
        g.writeStringField("request_id", requestId);
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair kv : event.getKeyValuePairs()) {
          if (!FIXED.contains(kv.key)) {
            writeValue(g, kv.key, kv.value);
          }
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.append('\n').toString();
  }

  private static void writeValue(JsonGenerator g, String key, Object value) throws IOException {
    switch (value) {
      case null -> g.writeNullField(key);
      case Integer i -> g.writeNumberField(key, i);
      case Long l -> g.writeNumberField(key, l);
      case Double d -> g.writeNumberField(key, d);
      case Boolean b -> g.writeBooleanField(key, b);
      default -> g.writeStringField(key, value.toString());
    }
  }

  @Override
  public String getContentType() {
    return "application/x-ndjson";
  }
}
