package dev.latchkey.server.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * nginx's auth_request in front of an API, with {@code deploy/nginx/forward-auth.conf}, asking
 * Latchkey's forward-auth listener as the file advises.
 */
class NginxGatewayTest extends GatewayContract {
  @Override
  boolean viaForwardAuthListener() {
    return true;
  }

  @Override
  GatewayProcess startGateway(Map<String, String> placeholders, Path home, int port) {
    String config = GatewayProcess.render(deployed("nginx/forward-auth.conf"), placeholders);
    Path file = GatewayProcess.writePrivate(home.resolve("nginx.conf"), config);
    try {
      Files.createDirectories(home.resolve("tmp"));
      Files.createDirectories(home.resolve("logs")); // nginx opens its default error log here
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return GatewayProcess.start(
        List.of("nginx", "-p", home.toString(), "-c", file.toString(), "-e", "stderr"),
        home,
        Map.of(),
        port,
        placeholders.get("ROOT_KEY"));
  }
}
