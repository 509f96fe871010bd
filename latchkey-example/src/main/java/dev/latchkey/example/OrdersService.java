package dev.latchkey.example;

import dev.latchkey.client.Verifier;
import dev.latchkey.client.servlet.LatchkeyFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A minimal "orders" service on embedded Jetty 12 (ee10): {@link LatchkeyFilter} on {@code /*}
 * admits only keys of the service {@code orders} holding {@code orders:read}, and {@code GET
 * /orders} answers who called.
 *
 * <p>Run it against a Latchkey server, with a root key holding {@code keys.verify} and {@code
 * events.read}:
 *
 * <pre>
 * ./mvnw -q package -pl latchkey-example -am -DskipTests
 * LATCHKEY_URL=http://127.0.0.1:8080 LATCHKEY_ROOT_KEY=lk_root_… PORT=8081 \
 *     java -jar latchkey-example/target/latchkey-example.jar
 * curl -H "X-Api-Key: $KEY" http://127.0.0.1:8081/orders
 * </pre>
 */
public final class OrdersService implements AutoCloseable {
  private final Server server;

  private OrdersService(Server server) {
    this.server = server;
  }

  /** Starts on {@code host:port} (0: any free port), verifying with {@code verifier}. */
  public static OrdersService start(String host, int port, Verifier verifier) {
    return start(
        host, port, new FilterHolder(new LatchkeyFilter(verifier, filterSettings().build())));
  }

  /** What the filter requires: a key of the service {@code orders} holding {@code orders:read}. */
  static LatchkeyFilter.Settings.Builder filterSettings() {
    return LatchkeyFilter.Settings.builder().service("orders").permissions("orders:read");
  }

  /** Starts with {@code latchkey} in front of the orders servlet. */
  static OrdersService start(String host, int port, FilterHolder latchkey) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(latchkey, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new OrdersServlet()), "/orders");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the orders service did not start", e);
    }
    return new OrdersService(server);
  }

  /** Where the service listens, e.g. {@code http://127.0.0.1:8081}. */
  public URI uri() {
    ServerConnector connector = (ServerConnector) server.getConnectors()[0];
    return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the orders service did not stop", e);
    }
  }

  /**
   * Reads {@code LATCHKEY_URL}, {@code LATCHKEY_ROOT_KEY}, {@code HOST} (default {@code 127.0.0.1})
   * and {@code PORT} (default 8081) from the environment and serves until stopped.
   */
  public static void main(String[] args) throws InterruptedException {
    Verifier verifier =
        Verifier.builder()
            .baseUri(URI.create(required("LATCHKEY_URL")))
            .rootKey(required("LATCHKEY_ROOT_KEY"))
            .build();
    String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8081"));
    OrdersService service = start(host, port, verifier);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  verifier.close();
                }));
    System.out.println("orders service on " + service.uri() + "/orders");
    service.server.join();
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      System.err.println(name + " must be set");
      System.exit(2);
    }
    return value;
  }
}
