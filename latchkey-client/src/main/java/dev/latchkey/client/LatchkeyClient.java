package dev.latchkey.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A client of the Latchkey management API, authenticated by one root key.
 *
 * <pre>{@code
 * try (LatchkeyClient latchkey = LatchkeyClient.builder()
 *     .baseUri(URI.create("https://latchkey.internal"))
 *     .rootKey(System.getenv("LATCHKEY_ROOT_KEY"))
 *     .build()) {
 *   Verdict verdict = latchkey.keys().verify(presented, "payments");
 * }
 * }</pre>
 *
 * <p>Thread-safe: build one per root key and share it. Every call blocks the calling thread (a
 * virtual thread is a good home for it) for at most the timeout. The root key is held privately and
 * never appears in {@code toString}, an exception message, or a log written by the SDK.
 */
public interface LatchkeyClient extends AutoCloseable {

  /** A builder; {@link Builder#baseUri} and {@link Builder#rootKey} are required. */
  static Builder builder() {
    return new Builder();
  }

  /** Services ({@code /v1/services}). */
  ServicesApi services();

  /** Consumers ({@code /v1/consumers}). */
  ConsumersApi consumers();

  /** Keys ({@code /v1/keys}) and their verification. */
  KeysApi keys();

  /** Root keys ({@code /v1/root-keys}). */
  RootKeysApi rootKeys();

  /** Roles ({@code /v1/roles}). */
  RolesApi roles();

  /** Standalone rate limits ({@code /v1/ratelimits:check}). */
  RateLimitsApi rateLimits();

  /** The audit trail ({@code /v1/audit-events}). */
  AuditApi audit();

  /** Alerts ({@code /v1/alerts}) and the rules' automatic actions ({@code /v1/alert-rules}). */
  AlertsApi alerts();

  /** Webhooks ({@code /v1/webhooks}), their deliveries and the dead-letter list. */
  WebhooksApi webhooks();

  /** Sinks ({@code /v1/sinks}): where rotations deliver keys' secrets. */
  SinksApi sinks();

  /** Leaked secrets ({@code /v1/leaks:check}, {@code /v1/leaks:revoke}). */
  LeaksApi leaks();

  /** The server this client talks to. */
  URI baseUri();

  /** Releases the HTTP connections; calls made afterwards fail. */
  @Override
  void close();

  /** Configures a {@link LatchkeyClient}. Not thread-safe; {@link #build()} may be called again. */
  final class Builder {
    /** Used when {@link #timeout} is not called. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private URI baseUri;
    private String rootKey;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** The server's root, e.g. {@code http://127.0.0.1:8080}; a path prefix is kept. */
    public Builder baseUri(URI uri) {
      Objects.requireNonNull(uri, "baseUri");
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("baseUri must be an absolute http(s) URI: " + uri);
      }
      if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
        // User info would be a second credential, sent nowhere and printed everywhere.
        throw new IllegalArgumentException("baseUri must have no user info, query or fragment");
      }
      this.baseUri = uri;
      return this;
    }

    /** The root key ({@code lk_root_...}) sent as {@code Authorization: Bearer} on every call. */
    public Builder rootKey(String key) {
      Objects.requireNonNull(key, "rootKey");
      if (key.isBlank() || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException("rootKey must be printable ASCII without spaces");
      }
      this.rootKey = key;
      return this;
    }

    /** How long one call may take, connecting included; default {@link #DEFAULT_TIMEOUT}. */
    public Builder timeout(Duration value) {
      Objects.requireNonNull(value, "timeout");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + value);
      }
      this.timeout = value;
      return this;
    }

    /**
     * A new client.
     *
     * @throws IllegalStateException when the base URI or the root key was not set
     */
    public LatchkeyClient build() {
      if (baseUri == null) {
        throw new IllegalStateException("baseUri is required");
      }
      if (rootKey == null) {
        throw new IllegalStateException("rootKey is required");
      }
      return HttpLatchkeyClient.create(baseUri, rootKey, timeout);
    }

    @Override
    public String toString() {
      return "LatchkeyClient.Builder[baseUri="
          + baseUri
          + ", rootKey="
          + (rootKey == null ? "unset" : Redactor.REDACTED)
          + ", timeout="
          + timeout
          + "]";
    }
  }
}
