package dev.latchkey.server.api;

import dev.latchkey.core.access.condition.AddressRanges;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How {@code /v1/forward-auth} reads a request, and where else it listens.
 *
 * @param queryKey whether the client's key may come in the query parameter {@code key} (off by
 *     default: query strings end up in access logs)
 * @param trustedProxies the peers whose {@code X-Forwarded-For}, {@code X-Real-IP}, {@code
 *     X-Original-*} and {@code X-Forwarded-Method}/{@code -Uri} headers are believed
 * @param keyHeader the header that carries the client's key (before {@code Authorization: Bearer});
 *     a header name token, neither {@code Authorization} nor an {@code X-Latchkey-*} header
 * @param port the port of the forward-auth listener ({@code dev.latchkey.server.gateway}), on the
 *     API's host, 0 for any free one; empty: forward auth is answered on the API's port alone
 */
public record ForwardAuthSettings(
    boolean queryKey, AddressRanges trustedProxies, String keyHeader, OptionalInt port) {
  /** Loopback proxies. */
  public static final String DEFAULT_TRUSTED_PROXIES = "127.0.0.1/32,::1/128";

  /** Where the client's key comes by default. */
  public static final String DEFAULT_KEY_HEADER = "X-Api-Key";

  /** An RFC 9110 token, bounded. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  public ForwardAuthSettings {
    Objects.requireNonNull(trustedProxies);
    keyHeader = checkedKeyHeader(keyHeader);
    if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65535)) {
      throw new IllegalArgumentException("must be 0 to 65535: " + port.getAsInt());
    }
  }

  /**
   * No query key; loopback proxies trusted; the key in {@code X-Api-Key}; no listener of its own.
   */
  public static ForwardAuthSettings defaults() {
    return new ForwardAuthSettings(
        false,
        AddressRanges.parse(DEFAULT_TRUSTED_PROXIES),
        DEFAULT_KEY_HEADER,
        OptionalInt.empty());
  }

  public ForwardAuthSettings withQueryKey(boolean allowed) {
    return new ForwardAuthSettings(allowed, trustedProxies, keyHeader, port);
  }

  /**
   * Answers forward auth on a listener of its own at {@code port} too (0: any free port).
   *
   * @throws IllegalArgumentException when {@code port} is no TCP port
   */
  public ForwardAuthSettings withPort(int port) {
    return new ForwardAuthSettings(queryKey, trustedProxies, keyHeader, OptionalInt.of(port));
  }

  /**
   * Trusts {@code cidrs}, comma-separated.
   *
   * @throws IllegalArgumentException naming the entry that is no CIDR
   */
  public ForwardAuthSettings withTrustedProxies(String cidrs) {
    return new ForwardAuthSettings(queryKey, AddressRanges.parse(cidrs), keyHeader, port);
  }

  /**
   * Reads the client's key from the header {@code name}.
   *
   * @throws IllegalArgumentException saying why {@code name} cannot be that header
   */
  public ForwardAuthSettings withKeyHeader(String name) {
    return new ForwardAuthSettings(queryKey, trustedProxies, name, port);
  }

  private static String checkedKeyHeader(String name) {
    if (name == null || !TOKEN.matcher(name.strip()).matches()) {
      throw new IllegalArgumentException(
          "must be a header name (1 to 64 letters, digits or !#$%&'*+-.^_`|~): " + name);
    }
    String header = name.strip();
    String lower = header.toLowerCase(Locale.ROOT);
    if (lower.equals("authorization")) {
      throw new IllegalArgumentException(
          "must not be Authorization, which is read anyway as Authorization: Bearer");
    }
    if (lower.startsWith("x-latchkey-")) {
      throw new IllegalArgumentException(
          "must not be an X-Latchkey-* header: those carry the gateway's credential and route "
              + "configuration: "
              + header);
    }
    return header;
  }
}
