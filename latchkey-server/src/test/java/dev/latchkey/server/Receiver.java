package dev.latchkey.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a loopback port (the JDK's HTTP server): records every request, answers
 * {@code failStatus} to the first {@code failures} of them and 200 afterwards; or, as a redirector,
 * answers every request 302 to {@code /elsewhere}.
 */
public final class Receiver implements AutoCloseable {
  public record Request(String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  final List<Request> redirected = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final AtomicInteger failuresLeft;

  private Receiver(int failures, int failStatus, boolean redirect) {
    this.failuresLeft = new AtomicInteger(failures);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          Request r =
              new Request(
                  ex.getRequestURI().getRawPath(),
                  Map.copyOf(ex.getRequestHeaders()),
                  new String(body, StandardCharsets.UTF_8));
          if (ex.getRequestURI().getPath().equals("/elsewhere")) {
            redirected.add(r);
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
          }
          requests.add(r);
          if (redirect) {
            ex.getResponseHeaders().add("Location", "/elsewhere");
            ex.sendResponseHeaders(302, -1);
          } else if (failuresLeft.getAndDecrement() > 0) {
            byte[] text = "receiver down\r\nX-Injected: yes".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(failStatus, text.length);
            ex.getResponseBody().write(text);
          } else {
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
          }
          ex.close();
        });
    server.start();
  }

  public static Receiver failingFirst(int failures) {
    return new Receiver(failures, 503, false);
  }

  static Receiver redirecting() {
    return new Receiver(0, 0, true);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
