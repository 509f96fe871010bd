package dev.latchkey.secrets.kubernetes;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * The {@code kubernetes} sink: one data key of one Secret. Stateless; every delivery opens its own
 * client (rotations are rare, and a client per delivery picks up a rotated service account token
 * and a changed kubeconfig).
 */
final class KubernetesSinkDriver implements SinkDriver {
  static final String TYPE = "kubernetes";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, String> problems(SinkConfig config) {
    return Settings.problems(config);
  }

  @Override
  public SinkReceipt deliver(SinkConfig config, Delivery delivery) {
    Map<String, String> problems = problems(config);
    if (!problems.isEmpty()) {
      // Field names only: a message never quotes a value.
      throw new SinkException("the kubernetes sink is misconfigured: " + problems.keySet(), false);
    }
    SecretTarget target = SecretTarget.of(config);
    KubernetesClient client = open(target);
    try (client) {
      return new SecretWriter(client, target).write(delivery);
    }
  }

  private static KubernetesClient open(SecretTarget target) {
    try {
      return Clients.open(target);
    } catch (KubernetesClientException e) {
      // No kubeconfig, no in-cluster configuration, or a CA that fabric8 cannot load.
      throw new SinkException(
          "cannot configure a Kubernetes client for "
              + target.location()
              + ": "
              + e.getClass().getSimpleName(),
          false);
    }
  }
}
