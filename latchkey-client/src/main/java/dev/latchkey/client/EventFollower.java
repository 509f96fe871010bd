package dev.latchkey.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.latchkey.api.ChangeEvent;
import dev.latchkey.api.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * Follows {@code GET /v1/events} for a {@link Verifier}: tells its {@link VerdictCache} what
 * changed, at which feed position, and when a heartbeat vouched that nothing else did. Reconnects
 * with {@code Last-Event-ID}, so that a dropped connection loses no event; a stream that starts
 * afresh (the first, or after a protocol error) or that reports a gap ({@code event: reset}) makes
 * the cache refuse every verdict from before the stream's position.
 *
 * <p>One daemon thread reads; a second closes a stream that has said nothing for longer than the
 * cache's staleness bound (a connection that died silently), so that the reader reconnects.
 */
final class EventFollower implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Verifier.class.getName());
  private static final String PATH = "/v1/events";
  private static final ObjectReader EVENTS =
      Json.mapper()
          .readerFor(ChangeEvent.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The types of object a change may name; a change of any other type may change anything. */
  private static final Set<String> TYPES =
      Set.of(
          "key",
          "consumer",
          "role",
          "service",
          "root_key",
          "workspace",
          "alert",
          "alert_rule",
          "webhook");

  /** Changes that no verdict depends on: alerts and webhooks. */
  private static final Set<String> UNRELATED = Set.of("alert", "alert_rule", "webhook");

  /** Waits after a failed connection: doubling from the first, up to the last. */
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);

  private static final Duration LAST_RETRY = Duration.ofSeconds(5);

  /** Waits after the root key was refused: a configuration error, not worth hammering. */
  private static final Duration REFUSED_RETRY = Duration.ofSeconds(30);

  /** Far longer than any line or event the server sends (an event is a few hundred bytes). */
  private static final int MAX_LINE = 64 * 1024;

  /** A stream that lasted this long was healthy: the next connection starts a new backoff. */
  private static final Duration HEALTHY = Duration.ofSeconds(10);

  /** The feed said something this client does not understand; it reconnects afresh. */
  private static final class ProtocolException extends IOException {
    ProtocolException(String message) {
      super(message);
    }
  }

  private final Transport transport;
  private final VerdictCache cache;
  private final Duration quietLimit;
  private final Object lock = new Object();
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile long lastLine;
  private String lastEventId;
  private String sentId; // the Last-Event-ID the current stream was opened with
  private boolean afterCr; // the last line ended with CR: a LF right after it ends nothing

  private InputStream current;
  private Thread reader;
  private Thread watchdog;

  EventFollower(Transport transport, VerdictCache cache, Duration quietLimit) {
    this.transport = transport;
    this.cache = cache;
    this.quietLimit = quietLimit;
  }

  void start() {
    reader = Thread.ofPlatform().daemon().name("latchkey-events").start(this::follow);
    watchdog = Thread.ofPlatform().daemon().name("latchkey-events-watchdog").start(this::watch);
  }

  /** Whether a stream is open and has spoken within the staleness bound. */
  boolean following() {
    return connected && cache.now() - lastLine <= quietLimit.toNanos();
  }

  private void follow() {
    Duration wait = FIRST_RETRY;
    String trouble = null; // what was last logged, so that a lasting failure is logged once
    while (!closed) {
      Duration next;
      long opened = cache.now();
      try {
        HttpResponse<InputStream> response = transport.stream(PATH, lastEventId);
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status == 200 && type.startsWith("text/event-stream")) {
          if (trouble != null) {
            LOG.log(System.Logger.Level.INFO, "following the change feed again");
            trouble = null;
          }
          read(response.body());
        } else {
          response.body().close();
          String now =
              status == 401 || status == 403
                  ? "the change feed refused the root key (HTTP "
                      + status
                      + "); it needs events.read. Verdicts are reused for the staleness bound only"
                  : "the change feed answered HTTP " + status + " " + type + "; retrying";
          if (status == 400) {
            lastEventId = null; // the id is refused: start afresh
          }
          if (!now.equals(trouble)) {
            LOG.log(System.Logger.Level.WARNING, now);
            trouble = now;
          }
          if (status == 401 || status == 403) {
            pause(REFUSED_RETRY);
            continue;
          }
        }
      } catch (ProtocolException e) {
        LOG.log(System.Logger.Level.WARNING, "the change feed: {0}; reconnecting afresh", e);
        lastEventId = null;
      } catch (LatchkeyException | IOException e) {
        if (!closed && trouble == null) {
          trouble = "lost the change feed, reconnecting: " + e.getMessage();
          LOG.log(System.Logger.Level.WARNING, trouble);
        }
      } finally {
        connected = false;
      }
      if (cache.now() - opened >= HEALTHY.toNanos()) {
        wait = FIRST_RETRY;
      }
      next = wait;
      wait = backoff(wait);
      pause(next);
    }
  }

  /** Reads one stream to its end; package-private for the tests of the protocol. */
  void read(InputStream body) throws IOException {
    synchronized (lock) {
      if (closed) {
        body.close();
        return;
      }
      current = body;
    }
    sentId = lastEventId;
    afterCr = false;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      lastLine = cache.now();
      connected = true;
      String event = null;
      StringBuilder data = null;
      String id = null;
      String line;
      while ((line = readLine(lines)) != null) {
        lastLine = cache.now();
        if (line.isEmpty()) {
          if (event != null || data != null || id != null) {
            dispatch(event, data == null ? null : data.toString(), id);
          }
          event = null;
          data = null;
          id = null;
        } else if (line.equals(": heartbeat")) {
          cache.feedHeard(); // the server has sent every change it applied, and is current
        } else if (line.startsWith(":")) {
          continue; // another comment, e.g. the greeting
        } else if (line.startsWith("event:")) {
          event = value(line);
        } else if (line.startsWith("data:")) {
          data =
              data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
          if (data.length() > MAX_LINE) {
            throw new ProtocolException("an event of more than " + MAX_LINE + " characters");
          }
        } else if (line.startsWith("id:")) {
          id = value(line);
        }
        // "retry:" and unknown fields are ignored: the backoff is ours
      }
    } finally {
      synchronized (lock) {
        current = null;
      }
    }
  }

  /**
   * The next line (without its end: LF, CR or CRLF, as Server-Sent Events allow), or null at the
   * end of the stream; a line longer than any the server sends is a protocol error, so that a
   * misbehaving peer cannot make this reader hold unbounded text.
   */
  private String readLine(BufferedReader in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n' && afterCr && line.isEmpty()) {
        afterCr = false; // the LF of a CRLF whose CR ended the line already
        continue;
      }
      afterCr = false;
      if (c == '\n') {
        return line.toString();
      }
      if (c == '\r') {
        // Not waiting for a LF that may follow: it would hold this line back until it arrives.
        afterCr = true;
        return line.toString();
      }
      if (line.length() == MAX_LINE) {
        throw new ProtocolException("a line of more than " + MAX_LINE + " characters");
      }
      line.append((char) c);
    }
    return line.isEmpty() ? null : line.toString();
  }

  private void dispatch(String event, String data, String id) throws ProtocolException {
    long seq = seq(id);
    switch (event == null ? "message" : event) {
      case "ready" -> {
        long head = head(data);
        if (head < cache.highestPosition()) {
          cache.restartedAt(seq); // the feed's head is below answers kept: it went back
        } else if (!id.equals(sentId)) {
          // A fresh stream, or one that did not resume where asked (a proxy dropped the header):
          // changes before its start were not heard.
          cache.gapBefore(seq);
        }
      }
      case "reset" -> cache.restartedAt(seq); // missed changes, or a restored feed
      case "change" -> apply(parse(data), seq);
      default -> {} // unknown events are for newer clients
    }
    lastEventId = id;
  }

  /** What a change means for the kept verdicts; null (unreadable) could be any change. */
  private void apply(ChangeEvent change, long seq) {
    if (change == null || change.type() == null || change.id() == null) {
      cache.everythingBefore(seq);
      return;
    }
    if (!TYPES.contains(change.type())) {
      cache.everythingBefore(seq); // a type this client does not know may change anything
      return;
    }
    if ("created".equals(change.kind()) || UNRELATED.contains(change.type())) {
      return; // nothing new has a verdict kept: a verdict that names no key never is
    }
    switch (change.type()) {
      case "key" -> cache.keyChanged(change.id(), seq);
      case "consumer" -> cache.consumerChanged(change.id(), seq);
      default -> cache.everythingBefore(seq); // a role, a service, a root key, the workspace
    }
  }

  private static long seq(String id) throws ProtocolException {
    if (id != null
        && !id.isEmpty()
        && id.length() <= 19
        && id.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(id);
    }
    throw new ProtocolException("an event without a numeric id");
  }

  /** The {@code head} a {@code ready} event names; unknown (the greatest long) without one. */
  private static long head(String data) {
    try {
      com.fasterxml.jackson.databind.JsonNode node =
          Json.mapper().readTree(data == null ? "{}" : data);
      return node.path("head").canConvertToLong() ? node.path("head").asLong() : Long.MAX_VALUE;
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  private static ChangeEvent parse(String data) {
    try {
      return data == null ? null : EVENTS.readValue(data);
    } catch (IOException e) {
      return null;
    }
  }

  private static String value(String line) {
    int colon = line.indexOf(':');
    String value = line.substring(colon + 1);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  private void watch() {
    while (!closed) {
      pause(Duration.ofSeconds(1));
      cache.prune();
      if (connected && cache.now() - lastLine > quietLimit.toNanos()) {
        LOG.log(System.Logger.Level.WARNING, "the change feed went quiet; reconnecting");
        closeCurrent();
      }
    }
  }

  private void closeCurrent() {
    InputStream stream;
    synchronized (lock) {
      stream = current;
    }
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        // closing is all we wanted
      }
    }
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      // only close() interrupts, and the loops check for it
    }
  }

  private static Duration backoff(Duration wait) {
    Duration doubled = wait.multipliedBy(2);
    return doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled;
  }

  /** Stops following and waits briefly for both threads to end. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    closeCurrent();
    transport.close();
    if (reader != null) {
      reader.interrupt();
      watchdog.interrupt();
      try {
        reader.join(Duration.ofSeconds(1));
        watchdog.join(Duration.ofSeconds(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
