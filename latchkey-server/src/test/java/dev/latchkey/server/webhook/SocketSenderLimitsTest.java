package dev.latchkey.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.alert.Sender;
import dev.latchkey.core.alert.WebhookTargets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a receiver cannot do to a delivery: hold it past the time bound, or flood it. */
class SocketSenderLimitsTest {
  private ServerSocket listener;
  private Thread serving;

  /** A receiver on loopback that answers each connection with {@code answer} (null: silence). */
  private String receiver(byte[] answer) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    serving =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                      if (answer == null) {
                        Thread.sleep(5_000);
                        continue;
                      }
                      OutputStream out = s.getOutputStream();
                      out.write(answer);
                      out.flush();
                    } catch (IOException | InterruptedException e) {
                      return; // closed by the test
                    }
                  }
                });
    return "http://127.0.0.1:" + listener.getLocalPort() + "/hook";
  }

  @AfterEach
  void stop() throws IOException {
    if (listener != null) {
      listener.close();
    }
    if (serving != null) {
      serving.interrupt();
    }
  }

  private static Sender sender(Duration total) {
    return new SocketSender(
        WebhookTargets.allowing("127.0.0.1/32"),
        (SSLSocketFactory) SSLSocketFactory.getDefault(),
        Duration.ofSeconds(2),
        total);
  }

  @Test
  void aReceiverThatNeverAnswers_isATimeout_withinTheBound() throws IOException {
    String url = receiver(null);

    Sender.Outcome outcome = sender(Duration.ofMillis(300)).post(url, Map.of(), new byte[0]);

    assertThat(outcome.error()).isEqualTo("timeout");
    assertThat(outcome.durationMs()).isLessThan(3_000);
  }

  @Test
  void aHugeBody_isReadOnlyUpToTheSnippet() throws IOException {
    byte[] head =
        "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] answer = new byte[head.length + 1_048_576];
    System.arraycopy(head, 0, answer, 0, head.length);
    java.util.Arrays.fill(answer, head.length, answer.length, (byte) 'x');
    String url = receiver(answer);

    Sender.Outcome outcome = sender(Duration.ofSeconds(10)).post(url, Map.of(), new byte[0]);

    assertThat(outcome.delivered()).isTrue();
    assertThat(outcome.snippet()).hasSize(SocketSender.MAX_SNIPPET);
  }

  @Test
  void somethingThatIsNotHttp_isAnIoFailure() throws IOException {
    String url = receiver("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(sender(Duration.ofSeconds(10)).post(url, Map.of(), new byte[0]).error())
        .isEqualTo("io");
  }

  @Test
  void aClosedPort_isAConnectFailure() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/hook";

    assertThat(sender(Duration.ofSeconds(10)).post(url, Map.of(), new byte[0]).error())
        .isEqualTo("connect");
  }
}
