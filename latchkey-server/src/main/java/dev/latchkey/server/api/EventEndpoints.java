package dev.latchkey.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.ChangeEvent;
import dev.latchkey.api.Json;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.store.FeedEntry;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Authentication;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /v1/events}: the change feed of the caller's workspace as Server-Sent Events.
 *
 * <p>A stream opens with {@code event: ready} carrying its starting position (also as its {@code
 * id}). Each change is {@code id: <seq>}, {@code event: change}, {@code data: <ChangeEvent JSON>},
 * sent only once this node has applied it to its own caches, so a verifier that hears of a change
 * and asks this node again gets an answer that reflects it. A client resumes with {@code
 * Last-Event-ID}; without it the stream starts at the newest record. If the records after the given
 * id were pruned, the stream first sends {@code event: reset} with the position it goes on from:
 * the client must drop everything it cached from before that position.
 *
 * <p>A heartbeat comment is sent every heartbeat interval, and only while the stream has sent
 * everything this node applied and the node's follower has read the feed to its end within the last
 * second or so: a heartbeat vouches that the client missed nothing. A node that falls behind the
 * feed ends its streams instead, and so does one whose caller's root key was revoked, expired or
 * lost {@code events.read}. The stream also ends when the node stops or cannot read its store; the
 * client reconnects with the last id it saw and misses nothing.
 */
final class EventEndpoints {
  private static final int BATCH = 100;
  private static final Duration POLL = Duration.ofSeconds(1);

  private EventEndpoints() {}

  /** Streams one node serves at once; one more is refused with 503 until one ends. */
  static final int MAX_STREAMS = 512;

  static void register(
      Router router,
      Store store,
      ChangeFollower follower,
      Verifier verifier,
      Duration heartbeat,
      BooleanSupplier running) {
    Semaphore slots = new Semaphore(MAX_STREAMS);
    router.guarded(
        "GET",
        "/v1/events",
        Permission.EVENTS_READ,
        ex -> {
          OptionalLong resume = lastEventId(ex); // a bad id is refused before taking a slot
          if (!slots.tryAcquire()) {
            throw HttpProblem.unavailable("this node serves as many event streams as it can");
          }
          String workspace = ex.principal().workspaceId();
          String credential = ex.bearerSecret();
          BooleanSupplier authorized =
              () ->
                  verifier.authenticate(credential) instanceof Authentication.Authenticated a
                      && a.principal().holds(Permission.EVENTS_READ);
          long start;
          try {
            start = resume.orElseGet(() -> store.read(tx -> tx.changes().lastSeq()));
          } catch (RuntimeException e) {
            slots.release();
            throw e;
          }
          return Reply.streaming(
                  "text/event-stream",
                  out -> {
                    try {
                      new Stream(store, follower, workspace, heartbeat, running, authorized, out)
                          .run(start, resume);
                    } finally {
                      slots.release();
                    }
                  })
              .withHeader("X-Accel-Buffering", "no");
        });
  }

  private static OptionalLong lastEventId(Exchange ex) {
    String id = ex.header("Last-Event-ID").orElse("").strip();
    if (id.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      if (id.length() <= 19 && id.chars().allMatch(Character::isDigit)) {
        return OptionalLong.of(Long.parseLong(id));
      }
    } catch (NumberFormatException e) {
      // beyond a long: the same answer as any other bad id
    }
    throw HttpProblem.badRequest("Last-Event-ID", "must be the id of an event of this stream");
  }

  /**
   * One client's stream. It reads the feed only when this node's follower has applied something new
   * since its last read (woken by the follower, checked again every second), so idle streams cost
   * no database reads and busy ones one read per batch of changes.
   */
  private record Stream(
      Store store,
      ChangeFollower follower,
      String workspace,
      Duration heartbeat,
      BooleanSupplier running,
      BooleanSupplier authorized,
      OutputStream out) {

    void run(long start, OptionalLong resumed) throws IOException {
      Semaphore wake = new Semaphore(0);
      AutoCloseable subscription = follower.onAdvance(wake::release);
      try {
        long position = resumed.isPresent() ? checkGap(start) : start;
        long head = store.read(tx -> tx.changes().lastSeq());
        write("retry: 1000\n: connected\n\n" + ready(position, head));
        long readAt = Long.MIN_VALUE; // the follower's position at this stream's last read
        Beat beat = new Beat();
        while (running.getAsBoolean()) {
          long feed = follower.position();
          if (feed < readAt) {
            // The feed went back: the database was restored. Positions from before mean nothing.
            write(reset(head(), "the feed went back (restored)"));
            return;
          }
          if (feed == readAt) {
            // Everything this node applied has been sent.
            if (!beat.ifDue()) {
              return; // vouch for nothing: the client reconnects, perhaps to another node
            }
            long waitMillis = Math.max(1, Math.min(heartbeat.toMillis(), POLL.toMillis()));
            if (wake.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
              wake.drainPermits();
            }
            continue;
          }
          if (!authorized.getAsBoolean()) {
            return;
          }
          readAt = feed;
          long from = position;
          List<FeedEntry> batch = store.read(tx -> tx.changes().after(workspace, from, BATCH));
          boolean caughtUp = batch.size() < BATCH;
          for (FeedEntry entry : batch) {
            if (entry.seq() > feed) {
              caughtUp = true; // committed, but not yet applied here: sent once it is
              break;
            }
            write(event(entry));
            position = entry.seq();
          }
          if (!caughtUp) {
            readAt = Long.MIN_VALUE; // more to read right away
          } else if (!beat.ifDue()) {
            // Everything up to readAt was just sent: on a busy feed, the only moment to say so.
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // the store failed: end the stream; the client resumes from its last id
      } finally {
        try {
          subscription.close();
        } catch (Exception e) {
          // nothing more to release
        }
      }
    }

    /**
     * Sends a reset when the records after {@code resumeAfter} are gone; returns where to start.
     */
    private long checkGap(long resumeAfter) throws IOException {
      long[] firstAndLast =
          store.read(
              tx ->
                  new long[] {
                    tx.changes().firstSeq().orElse(Long.MAX_VALUE), tx.changes().lastSeq()
                  });
      if (firstAndLast[0] != Long.MAX_VALUE && firstAndLast[0] > resumeAfter + 1) {
        write(reset(firstAndLast[1], "the events after your last id were pruned"));
        return firstAndLast[1];
      }
      if (resumeAfter > firstAndLast[1]) {
        write(reset(firstAndLast[1], "the feed is behind your last id (restored)"));
        return firstAndLast[1];
      }
      return resumeAfter;
    }

    private long head() {
      return store.read(tx -> tx.changes().lastSeq());
    }

    /** Sends a heartbeat when one is due; false when the stream must end instead. */
    private final class Beat {
      private long last = System.nanoTime();

      boolean ifDue() throws IOException {
        if (System.nanoTime() - last < heartbeat.toNanos()) {
          return true;
        }
        if (!follower.isCurrent() || !authorized.getAsBoolean()) {
          return false;
        }
        write(": heartbeat\n\n");
        last = System.nanoTime();
        return true;
      }
    }

    /**
     * The stream's start, and the feed's newest record: a client holding answers from positions
     * beyond that head knows the feed went back (a restore) and drops them.
     */
    private static String ready(long position, long head) {
      return "id: "
          + position
          + "\nevent: ready\ndata: {\"position\":"
          + position
          + ",\"head\":"
          + head
          + "}\n\n";
    }

    private static String reset(long position, String reason) {
      return "id: "
          + position
          + "\nevent: reset\ndata: {\"position\":"
          + position
          + ",\"reason\":\""
          + reason
          + "\"}\n\n";
    }

    private static String event(FeedEntry entry) {
      ChangeEvent event =
          new ChangeEvent(
              entry.seq(),
              entry.change().entityType(),
              entry.change().entityId(),
              entry.change().kind(),
              entry.change().at());
      try {
        return "id: "
            + entry.seq()
            + "\nevent: change\ndata: "
            + Json.mapper().writeValueAsString(event)
            + "\n\n";
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("wire records always serialise", e);
      }
    }

    private void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
