package dev.latchkey.server.api;

import dev.latchkey.core.access.condition.AddressRanges;
import java.util.Objects;

/**
 * How {@code /v1/forward-auth} reads a request.
 *
 * @param queryKey whether the client's key may come in the query parameter {@code key} (off by
 *     default: query strings end up in access logs)
 * @param trustedProxies the peers whose {@code X-Forwarded-For}, {@code X-Real-IP}, {@code
 *     X-Original-*} and {@code X-Forwarded-Method}/{@code -Uri} headers are believed
 */
public record ForwardAuthSettings(boolean queryKey, AddressRanges trustedProxies) {
  /** Loopback proxies. */
  public static final String DEFAULT_TRUSTED_PROXIES = "127.0.0.1/32,::1/128";

  public ForwardAuthSettings {
    Objects.requireNonNull(trustedProxies);
  }

  /** No query key; loopback proxies trusted. */
  public static ForwardAuthSettings defaults() {
    return new ForwardAuthSettings(false, AddressRanges.parse(DEFAULT_TRUSTED_PROXIES));
  }

  public ForwardAuthSettings withQueryKey(boolean allowed) {
    return new ForwardAuthSettings(allowed, trustedProxies);
  }

  /**
   * Trusts {@code cidrs}, comma-separated.
   *
   * @throws IllegalArgumentException naming the entry that is no CIDR
   */
  public ForwardAuthSettings withTrustedProxies(String cidrs) {
    return new ForwardAuthSettings(queryKey, AddressRanges.parse(cidrs));
  }
}
