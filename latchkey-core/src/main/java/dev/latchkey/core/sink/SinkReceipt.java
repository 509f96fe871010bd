package dev.latchkey.core.sink;

import java.util.Objects;

/**
 * Where a delivery was written, for the audit log and the rotation's record: {@code
 * "file:/var/run/keys/pay"}, {@code "vault:secret/data/pay version 7"}. Never the secret.
 */
public record SinkReceipt(String location) {
  public SinkReceipt {
    Objects.requireNonNull(location);
  }
}
