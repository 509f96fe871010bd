package dev.latchkey.secrets.kubernetes;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes one data key of one Secret: creates the Secret when it is absent, otherwise replaces that
 * key alone, keeping the others, under the Secret's {@code resourceVersion}. A write that loses a
 * race (409: someone else changed or created the Secret in between) reads again and retries, at
 * most {@link #ATTEMPTS} times in all.
 */
final class SecretWriter {
  static final int ATTEMPTS = 5;
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String KEY_ID = "latchkey.dev/key-id";

  private final KubernetesClient client;
  private final SecretTarget target;

  SecretWriter(KubernetesClient client, SecretTarget target) {
    this.client = client;
    this.target = target;
  }

  SinkReceipt write(Delivery delivery) {
    String value =
        Base64.getEncoder()
            .encodeToString(delivery.secret().reveal().getBytes(StandardCharsets.US_ASCII));
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Secret existing = read();
      try {
        Secret written =
            existing == null ? create(delivery, value) : update(existing, delivery, value);
        return new SinkReceipt(
            target.location() + " resourceVersion " + written.getMetadata().getResourceVersion());
      } catch (KubernetesClientException e) {
        // 409: changed or created since it was read; 404 on update: deleted since.
        boolean lostRace = e.getCode() == 409 || existing != null && e.getCode() == 404;
        if (!lostRace) {
          throw Failures.ofWrite(e, target);
        }
      }
    }
    throw new SinkException(
        "the Secret "
            + target.location()
            + " changed under every one of "
            + ATTEMPTS
            + " writes (409 Conflict); nothing was written",
        false);
  }

  private Resource<Secret> secret() {
    return client.secrets().inNamespace(target.namespace()).withName(target.name());
  }

  private Secret read() {
    try {
      return secret().get();
    } catch (KubernetesClientException e) {
      throw Failures.ofRead(e, target);
    }
  }

  private Secret create(Delivery delivery, String value) {
    Secret created =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(target.namespace())
            .withName(target.name())
            .addToLabels(MANAGED_BY, "latchkey")
            .addToAnnotations(KEY_ID, delivery.keyId())
            .endMetadata()
            .withType("Opaque")
            .addToData(target.key(), value)
            .build();
    return client.secrets().inNamespace(target.namespace()).resource(created).create();
  }

  private Secret update(Secret existing, Delivery delivery, String value) {
    if (Boolean.TRUE.equals(existing.getImmutable())) {
      throw new SinkException(
          "the Secret " + target.location() + " is immutable; nothing was written", false);
    }
    // The builder copies resourceVersion, so the API server refuses (409) if it changed since.
    Secret changed =
        new SecretBuilder(existing)
            .editMetadata()
            .addToAnnotations(KEY_ID, delivery.keyId())
            .endMetadata()
            .addToData(target.key(), value)
            .build();
    return client.secrets().inNamespace(target.namespace()).resource(changed).update();
  }
}
