package dev.latchkey.api;

/**
 * Response of a webhook's creation or secret rotation: the only time its signing secret is shown.
 *
 * @param signingSecret verifies the {@code Latchkey-Signature} of deliveries; store it now
 */
public record IssuedWebhook(String signingSecret, Webhook data) {
  @Override
  public String toString() {
    return "IssuedWebhook[signingSecret=<redacted>, data=" + data + "]";
  }
}
