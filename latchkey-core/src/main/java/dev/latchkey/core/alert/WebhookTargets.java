package dev.latchkey.core.alert;

import dev.latchkey.core.access.condition.AddressRanges;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where webhooks may deliver (server-side request forgery): {@code http} or {@code https} URLs
 * without user information or fragment, whose host resolves only to public addresses. Refused,
 * unless inside the configured allow-list: loopback, unspecified, private (RFC 1918, IPv6 unique
 * local), CGNAT (100.64.0.0/10), link-local (and so the cloud metadata services at 169.254.169.254
 * and fd00:ec2::254), multicast, broadcast, reserved and documentation ranges, and IPv6 forms that
 * embed an IPv4 address (NAT64, 6to4, IPv4-compatible). Checked when a webhook is saved and again
 * on every attempt, against the address actually connected to. Immutable and thread-safe.
 */
public final class WebhookTargets {
  /** The most characters of a webhook URL. */
  public static final int MAX_URL = 2048;

  /**
   * IPv4-mapped IPv6 addresses ({@code ::ffff:10.0.0.1}) need no entry: the JDK resolves them to
   * the IPv4 address, which these ranges check.
   */
  private static final AddressRanges REFUSED =
      AddressRanges.parse(
          String.join(
              ",",
              "0.0.0.0/8",
              "10.0.0.0/8",
              "100.64.0.0/10",
              "127.0.0.0/8",
              "169.254.0.0/16",
              "172.16.0.0/12",
              "192.0.0.0/24",
              "192.0.2.0/24",
              "192.88.99.0/24",
              "192.168.0.0/16",
              "198.18.0.0/15",
              "198.51.100.0/24",
              "203.0.113.0/24",
              "224.0.0.0/4",
              "240.0.0.0/4",
              "::/96",
              "::1/128",
              "64:ff9b::/96",
              "64:ff9b:1::/48",
              "100::/64",
              "2001:db8::/32",
              "2002::/16",
              "fc00::/7",
              "fe80::/10",
              "fec0::/10",
              "ff00::/8"));

  /** Resolves host names; a test may pin answers. */
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  private final AddressRanges allowed;
  private final Resolver resolver;

  private WebhookTargets(AddressRanges allowed, Resolver resolver) {
    this.allowed = allowed;
    this.resolver = resolver;
  }

  /**
   * The policy allowing, besides public addresses, those inside {@code allowed} (comma-separated
   * CIDRs, e.g. {@code 127.0.0.1/32}; empty for none).
   *
   * @throws IllegalArgumentException naming a bad entry
   */
  public static WebhookTargets allowing(String allowed) {
    return new WebhookTargets(
        AddressRanges.parse(allowed), host -> List.of(InetAddress.getAllByName(host)));
  }

  /** The same policy with another resolver. */
  public WebhookTargets withResolver(Resolver resolver) {
    return new WebhookTargets(allowed, Objects.requireNonNull(resolver));
  }

  /** The allow-list as configured. */
  public String allowed() {
    return allowed.toString();
  }

  /** A URL that passed {@link #checkUrl}: its scheme, host, port and request target. */
  public record Target(String scheme, String host, int port, String requestTarget) {
    public boolean tls() {
      return scheme.equals("https");
    }

    /** The Host header: the host, with the port when it is not the scheme's default. */
    public String hostHeader() {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return port == (tls() ? 443 : 80) ? h : h + ":" + port;
    }
  }

  /**
   * The URL's parts, when its form is acceptable (nothing resolved yet).
   *
   * @throws RefusedTargetException saying what is wrong, without repeating the URL
   */
  public Target checkUrl(String url) {
    if (url.length() > MAX_URL) {
      throw new RefusedTargetException("must be at most " + MAX_URL + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedTargetException("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new RefusedTargetException("must be an http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new RefusedTargetException("must not contain a user name or password");
    }
    if (uri.getRawFragment() != null) {
      throw new RefusedTargetException("must not contain a fragment");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new RefusedTargetException("must name a host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new RefusedTargetException("must not contain spaces or non-ASCII characters");
      }
    }
    return new Target(scheme, host.toLowerCase(Locale.ROOT), port, target);
  }

  /**
   * Resolves the target's host once and returns the address to connect to: the first, when every
   * address it resolves to is permitted. One refused address refuses the target: a name that
   * resolves to a public and a private address is how DNS rebinding is tried.
   *
   * @throws RefusedTargetException when the host does not resolve, or to a refused address
   */
  public InetAddress resolve(Target target) {
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(target.host());
    } catch (UnknownHostException e) {
      throw new RefusedTargetException("has a host that does not resolve");
    }
    if (addresses.isEmpty()) {
      throw new RefusedTargetException("has a host that does not resolve");
    }
    for (InetAddress a : addresses) {
      if (!permitted(a)) {
        throw new RefusedTargetException(
            "resolves to an address that is not allowed (private, loopback, link-local or"
                + " otherwise internal); see --webhook-allow");
      }
    }
    return addresses.getFirst();
  }

  /** Whether connecting to {@code address} is permitted. */
  public boolean permitted(InetAddress address) {
    String literal = literal(address);
    if (allowed.contains(literal)) {
      return true;
    }
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    // An address the ranges cannot read is refused too: fail closed.
    return AddressRanges.isAddress(literal) && !REFUSED.contains(literal);
  }

  private static String literal(InetAddress address) {
    String text = address.getHostAddress();
    int scope = text.indexOf('%');
    if (address instanceof Inet6Address && scope >= 0) {
      text = text.substring(0, scope);
    }
    return text;
  }
}
