package dev.latchkey.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.sink.Delivery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryTokensTest {
  private final Delivery delivery =
      new Delivery("ws_1", "key_1", "svc_1", KeyFormat.generate("pay"), Instant.now());

  @Test
  void sameDelivery_sameToken_inUuidForm() {
    String token = DeliveryTokens.of(delivery);
    assertThat(DeliveryTokens.of(delivery)).isEqualTo(token);
    assertThat(token).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void anotherSecretOrTime_anotherToken() {
    Delivery rotated =
        new Delivery("ws_1", "key_1", "svc_1", KeyFormat.generate("pay"), delivery.issuedAt());
    Delivery later =
        new Delivery(
            "ws_1", "key_1", "svc_1", delivery.secret(), delivery.issuedAt().plusSeconds(1));
    assertThat(DeliveryTokens.of(rotated)).isNotEqualTo(DeliveryTokens.of(delivery));
    assertThat(DeliveryTokens.of(later)).isNotEqualTo(DeliveryTokens.of(delivery));
  }

  @Test
  void token_doesNotContainTheSecret() {
    assertThat(DeliveryTokens.of(delivery)).doesNotContain(delivery.secret().reveal());
  }
}
