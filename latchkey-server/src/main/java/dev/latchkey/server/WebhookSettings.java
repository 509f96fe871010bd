package dev.latchkey.server;

import dev.latchkey.core.alert.Backoff;
import dev.latchkey.core.alert.WebhookTargets;
import java.time.Duration;
import java.util.Objects;

/**
 * How the node delivers webhooks.
 *
 * @param targets which addresses deliveries may go to (the {@code --webhook-allow} list besides
 *     public addresses)
 * @param backoff the retry schedule and the most attempts
 * @param poll how often the dispatcher looks for due deliveries (it is also woken when one is
 *     queued on this node)
 * @param dispatch false for a node that delivers nothing itself (tests drive the dispatcher)
 */
public record WebhookSettings(
    WebhookTargets targets, Backoff backoff, Duration poll, boolean dispatch) {
  public WebhookSettings {
    Objects.requireNonNull(targets);
    Objects.requireNonNull(backoff);
    Objects.requireNonNull(poll);
  }

  /** Public addresses only; the default schedule of 6 attempts; a look every second. */
  public static WebhookSettings defaults() {
    return new WebhookSettings(
        WebhookTargets.allowing(""), Backoff.defaults(), Duration.ofSeconds(1), true);
  }

  /**
   * Also allows the addresses inside {@code cidrs} (comma-separated).
   *
   * @throws IllegalArgumentException naming a bad entry
   */
  public WebhookSettings withAllowed(String cidrs) {
    return new WebhookSettings(WebhookTargets.allowing(cidrs), backoff, poll, dispatch);
  }

  public WebhookSettings withMaxAttempts(int attempts) {
    return new WebhookSettings(targets, new Backoff(backoff.schedule(), attempts), poll, dispatch);
  }

  public WebhookSettings withoutDispatch() {
    return new WebhookSettings(targets, backoff, poll, false);
  }
}
