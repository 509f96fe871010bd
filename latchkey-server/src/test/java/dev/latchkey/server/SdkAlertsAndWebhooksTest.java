package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.Alert;
import dev.latchkey.api.CreateWebhook;
import dev.latchkey.api.IssuedWebhook;
import dev.latchkey.api.UpdateWebhook;
import dev.latchkey.api.WebhookDelivery;
import dev.latchkey.client.ConflictException;
import dev.latchkey.client.InvalidRequestException;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.NotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK's alerts and webhooks views against a real server. */
class SdkAlertsAndWebhooksTest {
  @TempDir Path dir;

  @Test
  void theWholeCycle_throughTheSdk() {
    try (TestServer t = new TestServer(dir, c -> c.withWebhooks(c.webhooks().withMaxAttempts(1)));
        LatchkeyClient client = t.client()) {
      IssuedWebhook created =
          client
              .webhooks()
              .create(
                  new CreateWebhook(
                      "http://127.0.0.1:9/hook", "pager", List.of("secret_leaked"), null),
                  "idem-1");
      String id = created.data().id();
      assertThat(created.signingSecret()).startsWith("whsec_");
      assertThat(created.toString()).doesNotContain(created.signingSecret());
      assertThat(client.webhooks().get(id).rules()).containsExactly("secret_leaked");
      assertThat(client.webhooks().list(10, null).items()).hasSize(1);
      assertThat(
              client
                  .webhooks()
                  .update(id, new UpdateWebhook(null, Optional.empty(), null, null))
                  .description())
          .isNull();
      assertThat(client.webhooks().rotateSecret(id, "PT1H").data().previousSecretExpiresAt())
          .isNotNull();
      assertThatThrownBy(
              () ->
                  client
                      .webhooks()
                      .create(new CreateWebhook("http://192.168.0.1/", null, null, null)))
          .isInstanceOf(InvalidRequestException.class);

      String alertId = t.raiseAlert("secret_leaked", "key_x", "d");
      t.deliverDue();
      List<WebhookDelivery> dead = client.webhooks().deliveries(id, "dead", 10, null).items();
      assertThat(dead).hasSize(1);
      assertThat(dead.getFirst().log().getFirst().error()).isEqualTo("connect");
      assertThat(client.webhooks().retry(id, dead.getFirst().id()).status()).isEqualTo("pending");
      assertThatThrownBy(() -> client.webhooks().retry(id, dead.getFirst().id()))
          .isInstanceOf(ConflictException.class);

      assertThat(client.alerts().list("open", "secret_leaked", null, 10, null).items())
          .extracting(Alert::id)
          .containsExactly(alertId);
      Alert acked = client.alerts().acknowledge(alertId, "done");
      assertThat(acked.status()).isEqualTo("acknowledged");
      assertThat(client.alerts().get(alertId).acknowledgedBy()).startsWith("rk_");
      assertThat(client.alerts().setRule("secret_leaked", "disable_key").action())
          .isEqualTo("disable_key");
      assertThat(client.alerts().rules()).hasSize(dev.latchkey.core.manage.Alerts.RULES.size());

      assertThat(client.webhooks().delete(id).id()).isEqualTo(id);
      assertThatThrownBy(() -> client.webhooks().get(id)).isInstanceOf(NotFoundException.class);
    }
  }
}
