package dev.latchkey.secrets.kubernetes;

import dev.latchkey.core.sink.SinkDriver;

/** Entry point of the Kubernetes backend. */
public final class Kubernetes {
  private Kubernetes() {}

  /**
   * The {@code kubernetes} sink driver: writes a key's secret into one data key of a Secret.
   * Settings: {@code namespace}, {@code name}, {@code key} (default {@code api-key}), {@code
   * server} (default: in-cluster configuration or kubeconfig), {@code ca_cert} (PEM); credential:
   * {@code token} (default: the pod's service account). Stateless and thread-safe; each delivery
   * opens and closes its own client.
   */
  public static SinkDriver sinkDriver() {
    return new KubernetesSinkDriver();
  }
}
