package dev.latchkey.core.sink;

import java.util.Map;

/**
 * One kind of sink ({@code file}, {@code kubernetes}, {@code vault}, {@code aws-sm}, {@code
 * azure-kv}). A driver is stateless: every call gets the sink's whole configuration, so one driver
 * serves every sink of its type. Implementations are thread-safe.
 */
public interface SinkDriver {
  /** The type name used in the API ({@code "vault"}); lower case, stable. */
  String type();

  /**
   * Checks a sink's configuration without contacting anything.
   *
   * @return one message per bad field, keyed by the field's path in the API ({@code
   *     "settings.path"}, {@code "credentials.token"}); empty when the configuration is usable.
   *     Messages never contain a credential's value.
   */
  Map<String, String> problems(SinkConfig config);

  /**
   * Writes {@code delivery}'s secret where {@code config} says, replacing what an earlier delivery
   * of the same key wrote. Writing the same delivery twice is harmless.
   *
   * @return where it was written, for the audit log (never the secret)
   * @throws SinkException when the secret may not be readable there now; its message names the
   *     failure and never contains the secret or a credential
   */
  SinkReceipt deliver(SinkConfig config, Delivery delivery);
}
