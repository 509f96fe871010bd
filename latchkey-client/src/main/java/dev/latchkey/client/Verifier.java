package dev.latchkey.client;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Verifies keys inside a Java service: asks the server ({@code POST /v1/keys:verify}) and keeps the
 * answers in process, following the change feed ({@code GET /v1/events}) to drop those of keys that
 * were revoked, disabled, rotated or otherwise changed.
 *
 * <pre>{@code
 * Verifier verifier = Verifier.builder()
 *     .baseUri(URI.create("https://latchkey.internal"))
 *     .rootKey(System.getenv("LATCHKEY_ROOT_KEY"))   // keys.verify and events.read
 *     .build();
 * Verdict verdict = verifier.verify(VerifyKey.of(presented, "orders", "orders:read", null));
 * if (!verdict.valid()) { ... deny ... }
 * }</pre>
 *
 * <p>What is answered from memory, and for how long, is stated in {@code docs/gateways.md} ("Java
 * SDK"): in short, a verdict that charged a rate limit or credits, evaluated a condition, named no
 * key, or came from a retiring secret is never reused; a change the feed reports is honoured at
 * once, whichever node of a cluster answered; and a reused verdict is never more than {@link
 * Builder#maxStaleness} behind the server, reachable or not.
 *
 * <p>When the server cannot be reached and the cached answer is too old, {@link #verify} throws a
 * {@link LatchkeyConnectionException}: the caller should refuse the request (503), not admit it.
 *
 * <p>Thread-safe; build one per service and share it. {@link #close()} stops following the feed.
 */
public final class Verifier implements AutoCloseable {
  private final LatchkeyClient client;
  private final VerdictCache cache;
  private final EventFollower follower;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private volatile boolean closed;

  private Verifier(LatchkeyClient client, VerdictCache cache, EventFollower follower) {
    this.client = client;
    this.cache = cache;
    this.follower = follower;
  }

  /** A builder; {@link Builder#baseUri} and {@link Builder#rootKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Verifies {@code key} for any service of the workspace. */
  public Verdict verify(String key) {
    return verify(VerifyKey.of(key, null));
  }

  /** Verifies {@code key}, which must belong to {@code service} (an id or a name). */
  public Verdict verify(String key, String service) {
    return verify(VerifyKey.of(key, Objects.requireNonNull(service, "service")));
  }

  /**
   * Verifies as {@link KeysApi#verify(VerifyKey)} does, answering from memory when it may. A valid
   * answer from a node that has not yet applied a change this verifier heard of is not believed:
   * the server is asked once more, and if that answer is behind too, this throws.
   *
   * @throws LatchkeyException when the server had to be asked and gave no verdict it may believe,
   *     or this verifier is closed ({@link LatchkeyConnectionException}): refuse the request
   */
  public Verdict verify(VerifyKey request) {
    Objects.requireNonNull(request.key(), "key");
    if (closed) {
      throw new LatchkeyConnectionException(
          "this verifier is closed", new java.io.IOException("closed"), false);
    }
    if (!plausible(request.key())) {
      return MALFORMED; // no key looks like this: the server is not asked
    }
    VerdictCache.Shape shape = VerdictCache.Shape.of(request);
    Verdict cached = cache.get(shape);
    if (cached != null) {
      hits.increment();
      return cached;
    }
    misses.increment();
    long sentAt = cache.now();
    Verdict verdict = client.keys().verify(request);
    if (verdict.valid() && cache.behind(verdict)) {
      // The node that answered has not applied a change this verifier already heard of (it lags,
      // or is cut off from its database): ask again, perhaps another node, then refuse.
      sentAt = cache.now();
      verdict = client.keys().verify(request);
      if (verdict.valid() && cache.behind(verdict)) {
        throw new LatchkeyConnectionException(
            "the server's answer is older than a change this verifier heard of",
            new java.io.IOException("feed_position " + verdict.feedPosition() + " is behind"),
            false);
      }
    }
    cache.offer(shape, verdict, sentAt);
    return verdict;
  }

  /**
   * Keys are short printable ASCII (55 characters today); a longer one, or one with spaces or other
   * characters, is malformed whatever the server would say. The bound leaves room for longer
   * formats to come.
   */
  static final int MAX_KEY_LENGTH = 256;

  private static final Verdict MALFORMED = Verdict.denied(dev.latchkey.api.VerifyCode.MALFORMED);

  private static boolean plausible(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** How the verifier is doing, for a health check or a metric. */
  public Status status() {
    return new Status(follower.following(), hits.sum(), misses.sum(), cache.size());
  }

  /**
   * @param following whether the change feed is followed right now
   * @param hits verifications answered from memory
   * @param misses verifications that asked the server
   * @param cached verdicts held
   */
  public record Status(boolean following, long hits, long misses, int cached) {}

  @Override
  public void close() {
    closed = true;
    follower.close();
    client.close();
  }

  @Override
  public String toString() {
    return "Verifier[baseUri=" + client.baseUri() + ", " + status() + "]";
  }

  /** Configures a {@link Verifier}. Not thread-safe. */
  public static final class Builder {
    /** Used when {@link #maximumSize} is not called. */
    public static final int DEFAULT_MAXIMUM_SIZE = 100_000;

    /** Used when {@link #maxAge} is not called. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

    /** Used when {@link #maxStaleness} is not called: twice the server's default heartbeat. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(30);

    private final LatchkeyClient.Builder client = LatchkeyClient.builder();
    private URI baseUri;
    private String rootKey;
    private Duration timeout = Duration.ofSeconds(2);
    private int maximumSize = DEFAULT_MAXIMUM_SIZE;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private Duration maxStaleness = DEFAULT_MAX_STALENESS;
    private boolean follow = true;
    private Clock clock;

    private Builder() {
      client.timeout(timeout);
    }

    /** The server's root, as {@link LatchkeyClient.Builder#baseUri}. */
    public Builder baseUri(URI uri) {
      client.baseUri(uri);
      this.baseUri = uri;
      return this;
    }

    /**
     * A root key holding {@code keys.verify} and {@code events.read}. Without {@code events.read},
     * verdicts are reused only for {@link #maxStaleness} after they were fetched.
     */
    public Builder rootKey(String key) {
      client.rootKey(key);
      this.rootKey = key;
      return this;
    }

    /** How long one call to the server may take; default 2 s. */
    public Builder timeout(Duration value) {
      client.timeout(value);
      this.timeout = value;
      return this;
    }

    /** How many verdicts to hold at most; default {@link #DEFAULT_MAXIMUM_SIZE}. */
    public Builder maximumSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1: " + value);
      }
      this.maximumSize = value;
      return this;
    }

    /** How long a verdict is reused at most, even while the feed says nothing changed. */
    public Builder maxAge(Duration value) {
      this.maxAge = positive(value, "maxAge");
      return this;
    }

    /**
     * How far behind the server a reused verdict may be: a verdict is reused only while it was
     * fetched, or the change feed was last heard, within this. It bounds how long a revoked key can
     * still pass while the server is unreachable. Must exceed the server's heartbeat interval (15 s
     * by default), or idle periods turn every verification into a request.
     */
    public Builder maxStaleness(Duration value) {
      this.maxStaleness = positive(value, "maxStaleness");
      return this;
    }

    /**
     * Whether to follow the change feed (default). Without it, verdicts are reused only for {@link
     * #maxStaleness} after they were fetched; for tests and tools.
     */
    public Builder followChanges(boolean value) {
      this.follow = value;
      return this;
    }

    /**
     * The clock for expiries and ages (for tests). Ages are measured on {@link System#nanoTime()}
     * unless a clock is given, so that a jump of the wall clock cannot revive an old verdict.
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * A new verifier, following the change feed from a thread of its own unless told otherwise.
     *
     * @throws IllegalStateException when the base URI or the root key was not set
     */
    public Verifier build() {
      LatchkeyClient built = client.build();
      LongSupplier nanos =
          clock == null ? System::nanoTime : () -> Math.multiplyExact(clock.millis(), 1_000_000L);
      VerdictCache cache =
          new VerdictCache(
              maximumSize, maxAge, maxStaleness, nanos, clock == null ? Clock.systemUTC() : clock);
      EventFollower follower =
          new EventFollower(
              HttpLatchkeyClient.streamTransport(baseUri, rootKey, timeout), cache, maxStaleness);
      if (follow) {
        follower.start();
      }
      return new Verifier(built, cache, follower);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
