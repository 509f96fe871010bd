package dev.latchkey.server.gateway;

import dev.latchkey.server.TestServer;
import dev.latchkey.server.api.ForwardAuthSettings;
import java.net.URI;
import java.nio.file.Path;

/**
 * Every check of {@link ForwardAuthTest}, sent to the forward-auth listener ({@code
 * --forward-auth-port}) instead of the API's port: the two listeners answer alike.
 */
class ForwardAuthListenerTest extends ForwardAuthTest {
  @Override
  TestServer server(Path data, ForwardAuthSettings settings) {
    return new TestServer(data, c -> c.withForwardAuth(settings.withPort(0)));
  }

  @Override
  URI base() {
    return t.forwardAuthUri();
  }
}
