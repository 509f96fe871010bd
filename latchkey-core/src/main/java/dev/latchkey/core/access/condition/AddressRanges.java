package dev.latchkey.core.access.condition;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of address ranges in CIDR notation ({@code 127.0.0.1/32,::1/128}), parsed with the same
 * strict rules as the {@code in_cidr} condition function: literals only, nothing is resolved.
 * Immutable and thread-safe.
 */
public final class AddressRanges {
  private final List<Cidr> ranges;
  private final String text;

  private AddressRanges(List<Cidr> ranges, String text) {
    this.ranges = ranges;
    this.text = text;
  }

  /**
   * The ranges written comma-separated in {@code text}; blank entries are skipped, so an empty text
   * is the empty set.
   *
   * @throws IllegalArgumentException with a message safe to show, naming the bad entry
   */
  public static AddressRanges parse(String text) {
    List<Cidr> ranges = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String entry = part.strip();
      if (entry.isEmpty()) {
        continue;
      }
      try {
        ranges.add(Cidr.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(entry + ": " + e.getMessage(), e);
      }
    }
    return new AddressRanges(List.copyOf(ranges), text.strip());
  }

  /** Whether {@code ip} is an address literal inside one of the ranges; false for anything else. */
  public boolean contains(String ip) {
    for (Cidr range : ranges) {
      if (range.contains(ip)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code text} is an IPv4 or IPv6 address literal. */
  public static boolean isAddress(String text) {
    return IpLiterals.parse(text).isPresent();
  }

  @Override
  public String toString() {
    return text;
  }
}
