package dev.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@link Dialect#CHANGES_CHANNEL} over one dedicated connection (not from the pools) and
 * calls {@code wake} for every notification, that is soon after any node commits change records.
 *
 * <p>When the connection breaks it reconnects with backoff (100 ms doubling to 5 s) and, once
 * listening again, calls {@code wake} once: notifications sent while it was away are lost, and the
 * follower must read the feed to find what it missed. A connection that goes silent without
 * breaking (a dropped network path) is found by a validity check after {@link #CHECK_AFTER} of
 * silence.
 *
 * <p>One daemon thread; {@link #close} stops it, and the thread closes the connection.
 */
final class PgListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgListener.class);
  private static final int POLL_MILLIS = 500;
  private static final Duration CHECK_AFTER = Duration.ofSeconds(5);
  private static final int CHECK_TIMEOUT_SECONDS = 2;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** How long {@link #start} waits for the first {@code LISTEN} before returning anyway. */
  private static final Duration START_WAIT = Duration.ofSeconds(5);

  private final DataSource dataSource;
  private final Runnable wake;
  private final CountDownLatch listening = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  /** The connection in use, so that {@link #close} can abort a wait on it. */
  private volatile Connection connection;

  private PgListener(DataSource dataSource, Runnable wake) {
    this.dataSource = dataSource;
    this.wake = wake;
    this.thread = Thread.ofPlatform().name("latchkey-pg-listener").daemon().unstarted(this::run);
  }

  /**
   * Starts listening, and returns once the first {@code LISTEN} is in place (or after a few seconds
   * in which it could not be, while it keeps trying in the background).
   */
  static PgListener start(DataSource dataSource, Runnable wake) {
    PgListener listener = new PgListener(dataSource, wake);
    listener.thread.start();
    try {
      listener.listening.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return listener;
  }

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    boolean lost = false;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        connection = c;
        if (!running) {
          return; // closed while connecting; close() saw no connection to abort
        }
        listen(c);
        if (lost) {
          LOG.info("listening for change notifications again");
          lost = false;
        }
        backoff = FIRST_BACKOFF;
        wake.run(); // whatever was committed while nobody listened
        receive(c);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        if (!lost) {
          LOG.warn("change notifications lost ({}); reconnecting", e.getClass().getSimpleName());
          lost = true;
        }
      } finally {
        connection = null;
      }
      if (!sleep(backoff)) {
        return;
      }
      backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
    }
  }

  private void listen(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + Dialect.CHANGES_CHANNEL);
    }
    listening.countDown();
  }

  /** Wakes for each notification until the connection fails or the listener is closed. */
  private void receive(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long silentSince = System.nanoTime();
    while (running) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null && notifications.length > 0) {
        for (int i = 0; i < notifications.length; i++) {
          wake.run();
        }
        silentSince = System.nanoTime();
      } else if (System.nanoTime() - silentSince > CHECK_AFTER.toNanos()) {
        if (!c.isValid(CHECK_TIMEOUT_SECONDS)) {
          throw new SQLException("the notification connection stopped answering");
        }
        silentSince = System.nanoTime();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private boolean sleep(Duration d) {
    try {
      Thread.sleep(d);
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Stops the thread and drops its connection. {@link Connection#abort} is the JDBC way to end a
   * connection another thread is waiting on: it closes the socket, and the wait fails at once.
   */
  @Override
  public void close() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException e) {
        // the thread notices running == false within one poll anyway
      }
    }
    thread.interrupt(); // ends a backoff sleep
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
