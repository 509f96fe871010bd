package dev.latchkey.client.servlet;

import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.Verifier;
import dev.latchkey.client.servlet.Answers.Denial;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Admits a request only when its key is valid for this filter's {@link Settings}, and answers as
 * Latchkey's forward-auth endpoint does otherwise, so that a client cannot tell a service that
 * embeds the SDK from one behind a gateway.
 *
 * <ul>
 *   <li>The key: the {@linkplain Settings.Builder#keyHeader key header} ({@code X-Api-Key}), else
 *       {@code Authorization: Bearer}. None: {@code 401}.
 *   <li>{@code VALID}: the {@link Verdict} is put on the request as {@link #VERDICT} (see {@link
 *       #verdict}), {@code RateLimit-*} headers on the response when a limit applied, and the chain
 *       continues.
 *   <li>Denials, each status with one body whatever the reason ({@code application/problem+json}):
 *       {@code 401} with {@code WWW-Authenticate: Bearer realm="latchkey"} (malformed, unknown,
 *       revoked, expired, disabled, another service's key); {@code 403} (missing permission, failed
 *       condition); {@code 429} (rate limited, with {@code Retry-After} and {@code RateLimit-*}; or
 *       out of credits).
 *   <li>No verdict to be had (the server unreachable and the cached answer too old, see {@link
 *       Verifier}): {@code 503} with {@code Retry-After: 1}, logged. Never admitted.
 * </ul>
 *
 * <p>Conditions see the container's remote address ({@link ServletRequest#getRemoteAddr()}), the
 * method and the path the container routes on (decoded and normalised: context path, servlet path
 * and path info, never the raw request URI); behind a proxy, have the container take the client's
 * address from forwarding headers it trusts (Jetty's {@code ForwardedRequestCustomizer}, Tomcat's
 * {@code RemoteIpValve}); the filter itself believes no such header.
 *
 * <p>Two ways to make one: {@link #LatchkeyFilter(Verifier, Settings)} in code, sharing a verifier
 * the caller owns and closes; or the no-argument constructor for {@code web.xml}, configured by
 * init-params, which builds its own verifier and closes it in {@link #destroy()}:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>latchkey</filter-name>
 *   <filter-class>dev.latchkey.client.servlet.LatchkeyFilter</filter-class>
 *   <init-param><param-name>base-uri</param-name><param-value>https://latchkey.internal</param-value></init-param>
 *   <init-param><param-name>service</param-name><param-value>orders</param-value></init-param>
 *   <init-param><param-name>permissions</param-name><param-value>orders:read</param-value></init-param>
 * </filter>
 * }</pre>
 *
 * Init-params: {@code base-uri} (required), {@code service}, {@code permissions}, {@code cost},
 * {@code limits} (comma-separated), {@code key-header}, and where the root key is: {@code
 * root-key-file}, a file holding it (a mounted secret), or else {@code root-key-env}, the name of
 * the environment variable holding it ({@code LATCHKEY_ROOT_KEY} by default). The root key itself
 * is never an init-param. An unknown or bad init-param fails {@link #init} with a {@link
 * ServletException} naming it.
 *
 * <p>Thread-safe once initialised. No presented key appears in a log line or a response.
 */
public final class LatchkeyFilter implements Filter {
  /** The request attribute holding the {@link Verdict} of an admitted request. */
  public static final String VERDICT = "dev.latchkey.api.Verdict";

  private final UnaryOperator<String> environment;
  private final FailureLog failures = new FailureLog();
  private volatile Verifier verifier;
  private volatile Settings settings;
  private volatile Answers answers;
  private volatile boolean owned;

  /**
   * For {@code web.xml} and containers that instantiate filters by class: configured by {@link
   * #init(FilterConfig)} from init-params, the root key from the environment.
   */
  public LatchkeyFilter() {
    this(System::getenv);
  }

  /** As {@link #LatchkeyFilter()}, reading environment variables from {@code environment}. */
  LatchkeyFilter(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  /**
   * A filter verifying with {@code verifier}, which the caller keeps and closes: {@link #destroy()}
   * does not. Init-params, if any, are ignored.
   */
  public LatchkeyFilter(Verifier verifier, Settings settings) {
    this.environment = name -> null;
    configure(
        Objects.requireNonNull(verifier, "verifier"),
        Objects.requireNonNull(settings, "settings"),
        false);
  }

  /** The verdict of the request {@code request} was admitted with, if this filter admitted it. */
  public static Optional<Verdict> verdict(ServletRequest request) {
    return request.getAttribute(VERDICT) instanceof Verdict v ? Optional.of(v) : Optional.empty();
  }

  /**
   * Reads the init-params and builds a verifier, unless this filter was given one.
   *
   * @throws ServletException when an init-param is unknown, missing or bad, or the root key's
   *     environment variable is unset; the message names which
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (verifier != null) {
      return;
    }
    InitParams params = InitParams.read(config, environment);
    configure(params.verifier(), params.settings(), true);
  }

  private void configure(Verifier verifier, Settings settings, boolean owned) {
    this.settings = settings;
    this.answers = new Answers(settings.clock);
    this.owned = owned;
    this.verifier = verifier; // last: a non-null verifier means configured
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      throw new ServletException("LatchkeyFilter handles HTTP requests only");
    }
    Verifier current = verifier;
    if (current == null) {
      // Not initialised, or destroyed while requests still arrive: no verdict to be had.
      answers.unavailable(response);
      return;
    }
    Optional<String> key = FilterRequests.key(request, settings.keyHeader);
    if (key.isEmpty()) {
      answers.deny(response, Denial.UNAUTHENTICATED, null);
      return;
    }
    Optional<VerifyKey> check = FilterRequests.check(request, key.get(), settings);
    if (check.isEmpty()) {
      answers.tooLarge(response);
      return;
    }
    Verdict verdict;
    try {
      verdict = current.verify(check.get());
    } catch (LatchkeyException e) {
      failures.failed(e);
      answers.unavailable(response);
      return;
    }
    if (verdict == null || verdict.code() == null) {
      answers.unavailable(response); // a server that answered nothing usable: refuse
      return;
    }
    if (verdict.valid() && verdict.code() == VerifyCode.VALID) {
      admit(request, response, chain, verdict);
    } else {
      // Only the limit that denied is told: with USAGE_EXCEEDED, forward-auth adds no headers.
      boolean limited = verdict.code() == VerifyCode.RATE_LIMITED;
      answers.deny(response, denial(verdict), limited ? verdict.rateLimit() : null);
    }
  }

  private void admit(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, Verdict verdict)
      throws IOException, ServletException {
    if (verdict.rateLimit() != null) {
      answers.rateLimitHeaders(response, verdict.rateLimit());
    }
    request.setAttribute(VERDICT, verdict);
    chain.doFilter(request, response);
  }

  /** The denial forward-auth answers for a verdict's code. */
  private static Denial denial(Verdict verdict) {
    return switch (verdict.code()) {
      // VALID here means a verdict that contradicts itself (valid false): fail closed.
      case VALID, MALFORMED, NOT_FOUND, REVOKED, EXPIRED, DISABLED, WRONG_SERVICE ->
          Denial.UNAUTHENTICATED;
      case INSUFFICIENT_PERMISSIONS, CONDITION_FAILED -> Denial.FORBIDDEN;
      case RATE_LIMITED, USAGE_EXCEEDED -> Denial.TOO_MANY;
    };
  }

  /** Closes the verifier if this filter built it (the {@code web.xml} way). */
  @Override
  public void destroy() {
    Verifier current = verifier;
    if (owned && current != null) {
      verifier = null;
      current.close();
    }
  }

  @Override
  public String toString() {
    return "LatchkeyFilter[" + settings + ", " + verifier + "]";
  }

  /**
   * What a filter requires of a key, as forward-auth's route settings: the service it must belong
   * to, the permission query it must satisfy, the cost it spends and the rate limits that apply.
   * Immutable.
   */
  public static final class Settings {
    /** The header read first for the key. */
    public static final String DEFAULT_KEY_HEADER = "X-Api-Key";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern LIMIT_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
    private static final long MAX_COST = 1_000_000_000L;

    private final String service;
    private final String permissions;
    private final long cost;
    private final List<String> limits;
    private final String keyHeader;
    private final Clock clock;

    private Settings(Builder b) {
      this.service = b.service;
      this.permissions = b.permissions;
      this.cost = b.cost;
      this.limits = b.limits;
      this.keyHeader = b.keyHeader;
      this.clock = b.clock;
    }

    /** A builder with the defaults: any service, no permission required, cost 1, all limits. */
    public static Builder builder() {
      return new Builder();
    }

    /** The service (id or name) a key must belong to; empty: any of the root key's services. */
    public Optional<String> service() {
      return Optional.ofNullable(service);
    }

    /** The permission query a key must satisfy; empty: none. */
    public Optional<String> permissions() {
      return Optional.ofNullable(permissions);
    }

    /** Units one request spends on the key's rate limits and credits. */
    public long cost() {
      return cost;
    }

    /** The names of the rate limits that apply; empty: all of them. */
    public List<String> limits() {
      return limits;
    }

    /** The header read for the key before {@code Authorization: Bearer}. */
    public String keyHeader() {
      return keyHeader;
    }

    @Override
    public String toString() {
      return "Settings[service="
          + service
          + ", permissions="
          + permissions
          + ", cost="
          + cost
          + ", limits="
          + limits
          + ", keyHeader="
          + keyHeader
          + "]";
    }

    /** Configures {@link Settings}; each setter refuses a bad value. Not thread-safe. */
    public static final class Builder {
      private String service;
      private String permissions;
      private long cost = 1;
      private List<String> limits = List.of();
      private String keyHeader = DEFAULT_KEY_HEADER;
      private Clock clock = Clock.systemUTC();

      private Builder() {}

      /** The service a key must belong to: its id ({@code svc_…}) or name, 1 to 128 characters. */
      public Builder service(String value) {
        Objects.requireNonNull(value, "service");
        if (value.isBlank() || value.length() > 128) {
          throw new IllegalArgumentException(
              "service must be an id or name of 1 to 128 characters");
        }
        this.service = value;
        return this;
      }

      /**
       * The permission query a key must satisfy, e.g. {@code orders:read AND (orders:write OR
       * admin:*)}. The server parses it: a bad query makes every request a logged {@code 503}.
       */
      public Builder permissions(String value) {
        Objects.requireNonNull(value, "permissions");
        if (value.isBlank()) {
          throw new IllegalArgumentException("permissions must be a permission query, not blank");
        }
        this.permissions = value.strip();
        return this;
      }

      /** Units each request spends, 0 (check only) to 1,000,000,000; default 1. */
      public Builder cost(long value) {
        if (value < 0 || value > MAX_COST) {
          throw new IllegalArgumentException("cost must be 0 to " + MAX_COST + ": " + value);
        }
        this.cost = value;
        return this;
      }

      /** The rate limits that apply, by name (at most 16); default: every limit of the key. */
      public Builder limits(List<String> names) {
        List<String> copy = List.copyOf(names);
        if (copy.isEmpty() || copy.size() > 16) {
          throw new IllegalArgumentException("limits must name 1 to 16 rate limits");
        }
        for (String name : copy) {
          if (!LIMIT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "limits must be limit names of 1 to 32 of a-z, 0-9, '_', '.', '-': " + name);
          }
        }
        this.limits = copy;
        return this;
      }

      /**
       * The header read for the key before {@code Authorization: Bearer}; default {@code
       * X-Api-Key}.
       */
      public Builder keyHeader(String name) {
        Objects.requireNonNull(name, "keyHeader");
        if (!TOKEN.matcher(name).matches() || name.equalsIgnoreCase("Authorization")) {
          throw new IllegalArgumentException(
              "keyHeader must be a header name other than Authorization: " + name);
        }
        this.keyHeader = name;
        return this;
      }

      /** The clock {@code Retry-After} and {@code RateLimit-Reset} are counted on (for tests). */
      public Builder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
      }

      public Settings build() {
        return new Settings(this);
      }
    }
  }
}
