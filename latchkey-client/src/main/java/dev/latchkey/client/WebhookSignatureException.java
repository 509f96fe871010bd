package dev.latchkey.client;

/**
 * A webhook request whose {@code Latchkey-Signature} does not prove it came from Latchkey now: no
 * or a malformed header, no signature made with the secret, or a timestamp outside the tolerance.
 * Answer such a request with 400 and do not act on it. The message never holds the secret.
 *
 * <p>A {@link SecurityException}, not a {@link LatchkeyException}: it is not the failure of a call
 * to Latchkey but the verdict on a request someone sent to the receiver.
 */
public final class WebhookSignatureException extends SecurityException {
  WebhookSignatureException(String message) {
    super(message);
  }
}
