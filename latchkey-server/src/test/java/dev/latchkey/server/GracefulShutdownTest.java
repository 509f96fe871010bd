package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping a node lets a request already in flight finish, and commits what it did. */
class GracefulShutdownTest {
  @TempDir Path dir;

  @Test
  void inFlightRequest_completesWhileTheServerStops() throws Exception {
    TestServer t = new TestServer(dir);
    String body = "{\"name\":\"created-during-shutdown\"}";
    try (Socket socket = new Socket("127.0.0.1", t.uri().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/services HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + t.rootKey
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body.substring(0, 5))
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200); // the request is being read when the stop begins
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(t::close);
      Thread.sleep(200);
      assertThat(stopping).as("the stop waits for the request").isNotDone();
      out.write(body.substring(5).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(response).isEqualTo("HTTP/1.1 201");
      stopping.get(15, TimeUnit.SECONDS);
    }
    t.startAgain();
    try (t) {
      assertThat(t.get("/v1/services").body()).contains("created-during-shutdown");
    }
  }
}
