package dev.latchkey.server.logging;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per answered request on the logger {@code dev.latchkey.access}: method, route
 * template, status, duration, client address (the connection's peer, not a forwarded header); the
 * request id comes with the logging context. Never the path as sent, the query string, a header or
 * a body: any of them may carry a secret. Thread-safe.
 */
public final class AccessLog {
  /** The logger the lines go to; set it to WARN to silence them without a restart flag. */
  public static final String LOGGER = "dev.latchkey.access";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {}

  /** Writes the line of one request; {@code route} is a template or {@code unmatched}. */
  public static void log(
      String method, Supplier<String> peer, String route, int status, long nanos) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String client = peer.get();
    long micros = nanos / 1_000;
    // milliseconds with three decimals, without String.format's cost on every request
    String millis = micros / 1_000 + "." + (1_000 + micros % 1_000 + "").substring(1);
    LOG.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", micros / 1_000.0)
        .addKeyValue("client", client)
        .log("{} {} {} {} ms {}", method, route, status, millis, client);
  }
}
