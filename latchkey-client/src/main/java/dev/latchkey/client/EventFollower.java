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

/**
 * Follows {@code GET /v1/events} for a {@link Verifier}: tells its {@link VerdictCache} what
 * changed and when the feed was last heard, and reconnects with {@code Last-Event-ID} so that a
 * dropped connection loses no event. A stream that starts afresh (the first, or after {@code event:
 * reset}) makes the cache drop everything, since changes before it were not heard.
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

  /** Waits after a failed connection: doubling from the first, up to the last. */
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);

  private static final Duration LAST_RETRY = Duration.ofSeconds(5);

  /** Waits after the root key was refused: a configuration error, not worth hammering. */
  private static final Duration REFUSED_RETRY = Duration.ofSeconds(30);

  private final Transport transport;
  private final VerdictCache cache;
  private final Duration quietLimit;
  private final Object lock = new Object();
  private volatile boolean closed;
  private volatile boolean connected;
  private volatile long lastLine;
  private String lastEventId;
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
    boolean warned = false;
    while (!closed) {
      Duration next = wait;
      try {
        HttpResponse<InputStream> response = transport.stream(PATH, lastEventId);
        int status = response.statusCode();
        if (status == 200) {
          if (warned) {
            LOG.log(System.Logger.Level.INFO, "following the change feed again");
            warned = false;
          }
          read(response.body());
          wait = FIRST_RETRY; // it was up: the next attempt is a reconnection, not a retry
          next = FIRST_RETRY;
        } else {
          response.body().close();
          if (status == 401 || status == 403) {
            next = REFUSED_RETRY;
            if (!warned) {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "the change feed refused the root key (HTTP {0}); it needs events.read."
                      + " Cached verdicts are answered for the staleness bound only",
                  status);
              warned = true;
            }
          } else {
            wait = backoff(wait);
          }
        }
      } catch (LatchkeyException | IOException e) {
        if (!closed && !warned) {
          LOG.log(
              System.Logger.Level.WARNING,
              "lost the change feed, reconnecting: {0}",
              e.getMessage());
          warned = true;
        }
        wait = backoff(wait);
      } finally {
        connected = false;
      }
      pause(next);
    }
  }

  private void read(InputStream body) throws IOException {
    synchronized (lock) {
      if (closed) {
        body.close();
        return;
      }
      current = body;
    }
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      if (lastEventId == null) {
        cache.everythingChanged(); // nothing before this stream's start was heard
      }
      connected = true;
      String event = null;
      String data = null;
      String id = null;
      String line;
      while ((line = lines.readLine()) != null) {
        lastLine = cache.now();
        if (line.isEmpty()) {
          dispatch(event, data, id);
          event = null;
          data = null;
          id = null;
          cache.feedHeard();
        } else if (line.startsWith(":")) {
          cache.feedHeard(); // a comment: the connection greeting or a heartbeat
        } else if (line.startsWith("event:")) {
          event = value(line);
        } else if (line.startsWith("data:")) {
          data = data == null ? value(line) : data + "\n" + value(line);
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

  private void dispatch(String event, String data, String id) {
    if ("reset".equals(event)) {
      cache.everythingChanged();
    } else if ("change".equals(event) && data != null) {
      apply(parse(data));
    }
    if (id != null && !id.isEmpty()) {
      lastEventId = id;
    }
  }

  /** What a change means for the kept verdicts; null (unreadable) could be any change. */
  private void apply(ChangeEvent change) {
    if (change == null || change.type() == null || change.id() == null) {
      cache.everythingChanged();
      return;
    }
    if ("created".equals(change.kind())) {
      return; // nothing new has a verdict kept: a verdict that names no key never is
    }
    switch (change.type()) {
      case "key" -> cache.keyChanged(change.id());
      case "consumer" -> cache.consumerChanged(change.id());
      case "root_key" -> {} // decides who may ask, not what a key's verdict is
      default -> cache.everythingChanged(); // a role, a service, the workspace
    }
  }

  private static ChangeEvent parse(String data) {
    try {
      return EVENTS.readValue(data);
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

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    closeCurrent();
    if (reader != null) {
      reader.interrupt();
      watchdog.interrupt();
    }
  }
}
