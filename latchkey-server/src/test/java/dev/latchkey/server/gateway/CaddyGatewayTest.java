package dev.latchkey.server.gateway;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Caddy's forward_auth in front of an API, with {@code deploy/caddy/Caddyfile}, asking Latchkey's
 * API port (nginx's test asks the forward-auth listener).
 */
class CaddyGatewayTest extends GatewayContract {
  @Override
  boolean viaForwardAuthListener() {
    return false;
  }

  @Override
  GatewayProcess startGateway(Map<String, String> placeholders, Path home, int port) {
    String config = GatewayProcess.render(deployed("caddy/Caddyfile"), placeholders);
    Path file = GatewayProcess.writePrivate(home.resolve("Caddyfile"), config);
    // Caddy keeps state under HOME / XDG dirs: the test's private directory, not the user's.
    Map<String, String> env =
        Map.of(
            "HOME", home.toString(),
            "XDG_CONFIG_HOME", home.resolve("config").toString(),
            "XDG_DATA_HOME", home.resolve("data").toString());
    return GatewayProcess.start(
        List.of("caddy", "run", "--config", file.toString(), "--adapter", "caddyfile"),
        home,
        env,
        port,
        placeholders.get("ROOT_KEY"));
  }
}
