package dev.latchkey.server.webhook;

import dev.latchkey.core.access.condition.AddressRanges;

/** SNI carries host names only, never address literals (RFC 6066). */
final class WebhookTargetsLiterals {
  private WebhookTargetsLiterals() {}

  static boolean isLiteral(String host) {
    return AddressRanges.isAddress(host);
  }
}
