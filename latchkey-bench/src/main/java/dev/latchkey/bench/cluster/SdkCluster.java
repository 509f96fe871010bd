package dev.latchkey.bench.cluster;

import dev.latchkey.client.Verifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Three real nodes over HTTP, as {@link HttpCluster}, with B and C seen through the Java SDK: one
 * {@link Verifier} per node, asking that node and following its {@code GET /v1/events}. A key
 * verified once is answered from the verifier's memory until the node's change feed reports it, so
 * the time measured is the time for a revocation to reach a running SDK verifier.
 */
final class SdkCluster implements Cluster {
  private final HttpCluster nodes;
  private final List<Verifier> verifiers = new ArrayList<>();

  private SdkCluster(HttpCluster nodes) {
    this.nodes = nodes;
  }

  static SdkCluster start(String databaseUrl, Path dataDirs) {
    SdkCluster cluster = new SdkCluster(HttpCluster.start(databaseUrl, dataDirs));
    try {
      for (int node = 0; node < 3; node++) {
        cluster.verifiers.add(
            Verifier.builder()
                .baseUri(cluster.nodes.uri(node))
                .rootKey(cluster.nodes.rootKey())
                .build());
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "3 nodes over HTTP, SDK verifiers on B and C";
  }

  @Override
  public List<Issued> createKeys(int n) {
    return nodes.createKeys(n);
  }

  @Override
  public void revoke(String id) {
    nodes.revoke(id);
  }

  @Override
  public String codeOn(int node, String key) {
    return verifiers.get(node).verify(key).code().name();
  }

  /** Verifications answered from memory and from the node, on B and C. */
  String hitsAndMisses() {
    long hits = 0;
    long misses = 0;
    for (Verifier verifier : verifiers.subList(1, 3)) {
      hits += verifier.status().hits();
      misses += verifier.status().misses();
    }
    return hits + " from memory, " + misses + " asked";
  }

  @Override
  public void close() {
    for (Verifier verifier : verifiers) {
      verifier.close();
    }
    nodes.close();
  }
}
