package dev.latchkey.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.server.LatchkeyServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Three real nodes ({@link LatchkeyServer}) in this process on one PostgreSQL schema, each with its
 * own port, store, cache and change follower, driven over HTTP: revocations through A's {@code POST
 * /v1/keys/{id}:revoke}, verdicts from B's and C's {@code POST /v1/keys:verify}.
 */
final class HttpCluster implements Cluster {
  private final List<LatchkeyServer> servers = new ArrayList<>();
  private final List<HttpNode> nodes = new ArrayList<>();
  private String rootKey;
  private String serviceId;

  private HttpCluster() {}

  static HttpCluster start(String databaseUrl, Path dataDirs) {
    String rootKey = KeyFormat.generateRoot().reveal();
    HttpCluster cluster = new HttpCluster();
    cluster.rootKey = rootKey;
    try {
      for (String node : List.of("a", "b", "c")) {
        LatchkeyServer server =
            ServerNodes.start(Optional.of(databaseUrl), dataDirs.resolve(node), rootKey);
        cluster.servers.add(server);
        cluster.nodes.add(ServerNodes.api(server, rootKey));
      }
      cluster.serviceId =
          cluster
              .nodes
              .get(0)
              .post("/v1/services", Map.of("name", "revocation-http", "prefix", "revhttp"))
              .expect(201)
              .get("id")
              .asText();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "3 nodes over HTTP, NOTIFY + 200 ms poll";
  }

  @Override
  public List<Issued> createKeys(int n) {
    List<Issued> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      JsonNode issued = nodes.get(0).post("/v1/keys", Map.of("service", serviceId)).expect(201);
      keys.add(new Issued(issued.get("data").get("id").asText(), issued.get("key").asText()));
    }
    return keys;
  }

  @Override
  public void revoke(String id) {
    nodes.get(0).post("/v1/keys/" + id + ":revoke", Map.of()).expect(200);
  }

  @Override
  public String codeOn(int node, String key) {
    return nodes
        .get(node)
        .post("/v1/keys:verify", Map.of("key", key))
        .expect(200)
        .get("code")
        .asText();
  }

  /** Where node {@code node} listens. */
  java.net.URI uri(int node) {
    return servers.get(node).uri();
  }

  /** The root key every node was bootstrapped with. */
  String rootKey() {
    return rootKey;
  }

  @Override
  public void close() {
    for (LatchkeyServer server : servers.reversed()) {
      server.close();
    }
  }
}
