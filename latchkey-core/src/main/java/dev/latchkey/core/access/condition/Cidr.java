package dev.latchkey.core.access.condition;

/**
 * An address range in CIDR notation, {@code 10.0.0.0/8} or {@code 2001:db8::/32}. Strict: the
 * prefix is required and the host bits must be zero, so {@code 10.1.2.3/8} is an error rather than
 * a silent {@code 10.0.0.0/8}. Immutable.
 */
final class Cidr {
  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * The range written as {@code text}.
   *
   * @throws IllegalArgumentException with a message safe to show, when it is not one
   */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("a CIDR is address/prefix, e.g. 10.0.0.0/8");
    }
    byte[] network =
        IpLiterals.parse(text.substring(0, slash))
            .orElseThrow(
                () -> new IllegalArgumentException("not an IPv4 or IPv6 address before the /"));
    int prefix = prefixLength(text.substring(slash + 1), network.length * 8);
    if (prefix < 0) {
      throw new IllegalArgumentException("the prefix length must be 0 to " + network.length * 8);
    }
    for (int bit = prefix; bit < network.length * 8; bit++) {
      if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        throw new IllegalArgumentException("host bits are set after /" + prefix);
      }
    }
    return new Cidr(network, prefix);
  }

  /** Whether {@code ip} is an address literal inside this range; false for anything else. */
  boolean contains(String ip) {
    long v4 = IpLiterals.v4Bits(ip);
    if (v4 >= 0) {
      return network.length == 4 && sameV4Prefix((int) v4);
    }
    return IpLiterals.parse(ip).filter(this::samePrefix).isPresent();
  }

  private boolean sameV4Prefix(int address) {
    int net =
        (network[0] & 0xff) << 24
            | (network[1] & 0xff) << 16
            | (network[2] & 0xff) << 8
            | (network[3] & 0xff);
    int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    return (address & mask) == net;
  }

  private boolean samePrefix(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    for (int bit = 0; bit < prefixLength; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static int prefixLength(String text, int max) {
    if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    int prefix = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      prefix = prefix * 10 + (c - '0');
    }
    return prefix <= max ? prefix : -1;
  }

  @Override
  public String toString() {
    return java.util.Arrays.toString(network) + "/" + prefixLength;
  }
}
