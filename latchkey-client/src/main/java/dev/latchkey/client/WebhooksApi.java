package dev.latchkey.client;

import dev.latchkey.api.CreateWebhook;
import dev.latchkey.api.IssuedWebhook;
import dev.latchkey.api.Page;
import dev.latchkey.api.UpdateWebhook;
import dev.latchkey.api.Webhook;
import dev.latchkey.api.WebhookDelivery;

/**
 * Webhooks ({@code /v1/webhooks}): where alerts are delivered, signed (verify with {@link
 * WebhookSignatures}). Thread-safe. Every method throws a {@link LatchkeyException} when the call
 * fails.
 */
public interface WebhooksApi {
  /**
   * Creates a webhook ({@code webhooks.write}); the answer's {@code signingSecret} is shown only
   * here.
   *
   * @throws InvalidRequestException naming {@code url} when it is not http(s) or resolves to an
   *     address that is not allowed, or {@code rules[i]} for an unknown rule
   */
  IssuedWebhook create(CreateWebhook body);

  /** Creates a webhook; a retry with the same key and body returns the first response. */
  IssuedWebhook create(CreateWebhook body, String idempotencyKey);

  /** One page of webhooks, newest first ({@code webhooks.read}). */
  Page<Webhook> list(int pageSize, String pageToken);

  /** One webhook ({@code webhooks.read}). */
  Webhook get(String id);

  /** Changes the fields of {@code body} that are not null ({@code webhooks.write}). */
  Webhook update(String id, UpdateWebhook body);

  /** Deletes a webhook with its deliveries ({@code webhooks.write}); returns it as it was. */
  Webhook delete(String id);

  /**
   * Issues a new signing secret ({@code webhooks.write}); the previous one keeps signing too for
   * {@code gracePeriod} (ISO-8601; null for the default, PT24H).
   */
  IssuedWebhook rotateSecret(String id, String gracePeriod);

  /**
   * One page of a webhook's deliveries with their log ({@code webhooks.read}).
   *
   * @param status {@code pending}, {@code delivered}, {@code dead} (the dead-letter list), or null
   */
  Page<WebhookDelivery> deliveries(String id, String status, int pageSize, String pageToken);

  /**
   * Sends a dead or delivered delivery again ({@code webhooks.write}).
   *
   * @throws ConflictException when it is still pending
   */
  WebhookDelivery retry(String id, String deliveryId);
}
