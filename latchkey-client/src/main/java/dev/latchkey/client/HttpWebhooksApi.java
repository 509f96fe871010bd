package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.CreateWebhook;
import dev.latchkey.api.IssuedWebhook;
import dev.latchkey.api.Page;
import dev.latchkey.api.RetryDelivery;
import dev.latchkey.api.RotateWebhookSecret;
import dev.latchkey.api.UpdateWebhook;
import dev.latchkey.api.Webhook;
import dev.latchkey.api.WebhookDelivery;
import java.util.Map;

final class HttpWebhooksApi implements WebhooksApi {
  private static final String PATH = "/v1/webhooks";
  private static final JavaType ONE = Types.of(Webhook.class);
  private static final JavaType ISSUED = Types.of(IssuedWebhook.class);
  private static final JavaType PAGE = Types.pageOf(Webhook.class);
  private static final JavaType DELIVERY = Types.of(WebhookDelivery.class);
  private static final JavaType DELIVERIES = Types.pageOf(WebhookDelivery.class);

  private final Transport transport;

  HttpWebhooksApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public IssuedWebhook create(CreateWebhook body) {
    return transport.send(Call.post(PATH, body), ISSUED);
  }

  @Override
  public IssuedWebhook create(CreateWebhook body, String idempotencyKey) {
    return transport.send(Call.post(PATH, body).idempotent(idempotencyKey), ISSUED);
  }

  @Override
  public Page<Webhook> list(int pageSize, String pageToken) {
    return transport.send(Call.get(Call.query(PATH, Call.page(pageSize, pageToken))), PAGE);
  }

  @Override
  public Webhook get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public Webhook update(String id, UpdateWebhook body) {
    return transport.send(Call.patch(Call.item(PATH, id), body), ONE);
  }

  @Override
  public Webhook delete(String id) {
    return transport.send(Call.delete(Call.item(PATH, id)), ONE);
  }

  @Override
  public IssuedWebhook rotateSecret(String id, String gracePeriod) {
    return transport.send(
        Call.post(Call.item(PATH, id) + ":rotate-secret", new RotateWebhookSecret(gracePeriod)),
        ISSUED);
  }

  @Override
  public Page<WebhookDelivery> deliveries(
      String id, String status, int pageSize, String pageToken) {
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("status", status);
    params.putAll(Call.page(pageSize, pageToken));
    return transport.send(
        Call.get(Call.query(Call.item(PATH, id) + "/deliveries", params)), DELIVERIES);
  }

  @Override
  public WebhookDelivery retry(String id, String deliveryId) {
    return transport.send(
        Call.post(
            Call.item(Call.item(PATH, id) + "/deliveries", deliveryId) + ":retry",
            new RetryDelivery()),
        DELIVERY);
  }
}
