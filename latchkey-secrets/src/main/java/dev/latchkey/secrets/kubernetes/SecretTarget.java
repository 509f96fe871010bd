package dev.latchkey.secrets.kubernetes;

import dev.latchkey.core.sink.SinkConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid Kubernetes sink configuration: which Secret and data key, and how to reach the API. Built
 * only from a configuration {@link Settings#problems} accepted.
 *
 * @param token a bearer token; redacted in {@link #toString()}
 */
record SecretTarget(
    String namespace,
    String name,
    String key,
    Optional<String> server,
    Optional<String> caCert,
    Optional<String> token) {
  SecretTarget {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(name);
    Objects.requireNonNull(key);
    Objects.requireNonNull(server);
    Objects.requireNonNull(caCert);
    Objects.requireNonNull(token);
  }

  static SecretTarget of(SinkConfig config) {
    return new SecretTarget(
        config.setting(Settings.NAMESPACE).orElseThrow(),
        config.setting(Settings.NAME).orElseThrow(),
        config.setting(Settings.KEY).orElse(Settings.DEFAULT_KEY),
        config.setting(Settings.SERVER),
        config.setting(Settings.CA_CERT),
        config.credential(Settings.TOKEN));
  }

  /** {@code kubernetes:namespace/name#key}, for receipts and messages. */
  String location() {
    return "kubernetes:" + namespace + "/" + name + "#" + key;
  }

  @Override
  public String toString() {
    return "SecretTarget["
        + location()
        + ", server="
        + server
        + ", token="
        + token.map(t -> "…")
        + "]";
  }
}
