package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.servlet.LatchkeyFilter;
import dev.latchkey.server.TestServer;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LatchkeyFilter} as {@code web.xml} makes it: instantiated by the container from its class,
 * configured by init-params, its root key read from the environment variable they name.
 */
class WebXmlStyleTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void initParams_configureTheFilter_rootKeyFromAMountedFile() throws Exception {
    try (TestServer t = new TestServer(dir.resolve("server"));
        LatchkeyClient admin = t.client()) {
      // As Kubernetes mounts a Secret: a file of the key alone, readable by the service only.
      Path keyFile = dir.resolve("root-key");
      java.nio.file.Files.writeString(keyFile, t.rootKey + "\n");
      String orders = admin.services().create(new CreateService("orders", "ord")).id();
      IssuedKey reader = admin.keys().create(keyOf(orders, "orders:read"));
      IssuedKey lister = admin.keys().create(keyOf(orders, "orders:list"));
      FilterHolder holder = new FilterHolder(LatchkeyFilter.class);
      holder.setInitParameter("base-uri", t.uri().toString());
      holder.setInitParameter("service", "orders");
      holder.setInitParameter("permissions", "orders:read");
      holder.setInitParameter("key-header", "X-Orders-Key");
      holder.setInitParameter("root-key-file", keyFile.toString());

      try (OrdersService service = OrdersService.start("127.0.0.1", 0, holder)) {
        URI uri = service.uri().resolve("/orders");
        assertThat(status(uri, Map.of("X-Orders-Key", reader.key()))).isEqualTo(200);
        assertThat(status(uri, Map.of("X-Orders-Key", lister.key()))).isEqualTo(403);
        assertThat(status(uri, Map.of("X-Api-Key", reader.key()))).isEqualTo(401);
        assertThat(status(uri, Map.of())).isEqualTo(401);
      }
    }
  }

  @Test
  void aMisspeltInitParam_stopsTheServiceFromStarting() {
    FilterHolder holder = new FilterHolder(LatchkeyFilter.class);
    holder.setInitParameter("base-uri", "http://127.0.0.1:9");
    holder.setInitParameter("service", "orders");
    holder.setInitParameter("permission", "orders:read");

    assertThatThrownBy(() -> OrdersService.start("127.0.0.1", 0, holder).close())
        .rootCause()
        .isInstanceOf(ServletException.class)
        .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
        .contains("unknown init-param permission");
  }

  private static CreateKey keyOf(String service, String permission) {
    return CreateKey.of(service).withPermissions(List.of(permission));
  }

  private int status(URI uri, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
