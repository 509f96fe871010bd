package dev.latchkey.core.access.condition;

import com.google.common.net.InetAddresses;
import java.util.Optional;

/**
 * IP address literals to bytes, never by name: nothing here resolves a host, so a request can not
 * make us look anything up. IPv4 is parsed by hand (dotted quad, no leading zeros, no allocation:
 * the hot path); IPv6 goes through Guava's literal-only {@link InetAddresses#forString}, which also
 * turns an IPv4-mapped address ({@code ::ffff:10.0.0.1}) into its 4 IPv4 bytes.
 */
public final class IpLiterals {
  private IpLiterals() {}

  /** The 4 or 16 bytes of the address written as {@code text}, if it is one. */
  public static Optional<byte[]> parse(String text) {
    long v4 = v4Bits(text);
    if (v4 >= 0) {
      int bits = (int) v4;
      return Optional.of(
          new byte[] {
            (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits
          });
    }
    if (text.indexOf(':') < 0 || text.length() > 64) {
      return Optional.empty(); // not IPv6, or longer than any IPv6 literal
    }
    try {
      return Optional.of(InetAddresses.forString(text).getAddress());
    } catch (IllegalArgumentException notAnAddress) {
      return Optional.empty();
    }
  }

  /** The 32 bits of the dotted-quad IPv4 address {@code text} as a non-negative long, or -1. */
  static long v4Bits(String text) {
    long bits = 0;
    int parts = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return -1; // a leading zero: octal to some parsers, so refuse it
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return -1;
        }
      } else if (c == '.' && digits > 0 && parts < 3) {
        bits = bits << 8 | value;
        parts++;
        value = 0;
        digits = 0;
      } else {
        return -1;
      }
    }
    return parts == 3 && digits > 0 ? bits << 8 | value : -1;
  }
}
