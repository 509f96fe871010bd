package dev.latchkey.server.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The API behind the gateway: a JDK HTTP server on a free loopback port that answers every request
 * {@code 200 upstream} and records the path and headers it received. Thread-safe.
 */
final class RecordingUpstream implements AutoCloseable {
  /** One request as the upstream saw it; header names case-insensitive. */
  record Received(String uri, Map<String, List<String>> headers) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name)).map(List::getFirst);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

  RecordingUpstream() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
          received.add(new Received(ex.getRequestURI().toString(), headers));
          ex.getRequestBody().readAllBytes();
          byte[] body = "upstream".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Every request received so far, oldest first. */
  List<Received> all() {
    return new ArrayList<>(received);
  }

  /** The requests received for {@code uri}. */
  List<Received> at(String uri) {
    return all().stream().filter(r -> r.uri().equals(uri)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
