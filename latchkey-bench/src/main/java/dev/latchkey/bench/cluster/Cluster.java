package dev.latchkey.bench.cluster;

import java.util.List;

/**
 * Three nodes on one database, as the revocation benchmark drives them: keys are created and
 * revoked through node 0 (A) and verified on nodes 1 and 2 (B, C).
 */
interface Cluster extends AutoCloseable {
  /** A key as issued: its id and its plaintext, which stays in this process's memory. */
  record Issued(String id, String key) {}

  /** What the table calls it. */
  String name();

  /** Creates {@code n} keys through node A. */
  List<Issued> createKeys(int n);

  /** Revokes a key through node A; returns once A has committed it. */
  void revoke(String id);

  /** The verdict code ({@code VALID}, {@code REVOKED}, …) of {@code key} on node {@code node}. */
  String codeOn(int node, String key);

  @Override
  void close();
}
