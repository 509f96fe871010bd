package dev.latchkey.core.alert;

import java.util.Map;

/**
 * Sends one webhook request. Implementations check the target with {@link WebhookTargets} on every
 * call, against the address they connect to, follow no redirect, bound the time and how much of the
 * response they read, and never throw for what the receiver or the network did: that is an {@link
 * Outcome}.
 */
public interface Sender {
  Outcome post(String url, Map<String, String> headers, byte[] body);

  /**
   * What one attempt gave.
   *
   * @param address the address connected to; null when none was
   * @param statusCode the response status; null when none was read
   * @param error null on a 2xx; else {@code refused_address}, {@code bad_url}, {@code connect},
   *     {@code timeout}, {@code tls}, {@code io}, {@code redirect} or {@code http_status}; the
   *     dispatcher adds {@code signing_secret} when the stored secret cannot be opened
   * @param snippet the first characters of the response body (at most 256); may be null
   */
  record Outcome(
      String address, Integer statusCode, String error, String snippet, long durationMs) {
    public boolean delivered() {
      return error == null;
    }
  }
}
