package dev.latchkey.secrets.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One version of a KV v2 secret as read: its fields as Vault holds them (any JSON value, kept as it
 * is so that a write-back changes nothing but the field written). Redacted {@code toString}.
 *
 * @param version the version read; the check-and-set value of the next write
 * @param data the fields; mutable, owned by whoever read it
 */
record KvSecret(int version, ObjectNode data) {
  KvSecret {
    Objects.requireNonNull(data);
  }

  @Override
  public String toString() {
    return "KvSecret[version=" + version + ", fields=" + data.size() + "]";
  }
}
