package dev.latchkey.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.latchkey.core.alert.Sender;
import dev.latchkey.core.alert.WebhookTargets;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https deliveries: the connection goes to the pinned address while the certificate is checked
 * against the URL's host name (sent in SNI). A certificate for another name, or one not trusted, is
 * a {@code tls} failure. The certificate is made by the JDK's keytool for this test.
 */
class SocketSenderTlsTest {
  @TempDir Path dir;
  HttpsServer server;
  SSLContext trusting;
  final List<String> hosts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path store = dir.resolve("hook.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "hook",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=hooks.example.com",
                "-ext",
                "SAN=dns:hooks.example.com",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor()).isZero();
    char[] pass = "changeit".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, pass);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, pass);
    SSLContext serving = SSLContext.getInstance("TLS");
    serving.init(kmf.getKeyManagers(), null, null);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("hook", keys.getCertificate("hook"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serving));
    server.createContext(
        "/",
        ex -> {
          hosts.add(ex.getRequestHeaders().getFirst("Host"));
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static WebhookTargets pinned() {
    return WebhookTargets.allowing("127.0.0.1/32")
        .withResolver(host -> List.of(InetAddress.getByName("127.0.0.1")));
  }

  private String url(String host) {
    return "https://" + host + ":" + server.getAddress().getPort() + "/hook";
  }

  @Test
  void theCertificateOfTheUrlsHost_isAccepted_onThePinnedAddress() {
    Sender.Outcome outcome =
        new SocketSender(pinned(), trusting.getSocketFactory())
            .post(url("hooks.example.com"), Map.of(), new byte[0]);

    assertThat(outcome.error()).isNull();
    assertThat(outcome.statusCode()).isEqualTo(204);
    assertThat(outcome.address()).isEqualTo("127.0.0.1");
    assertThat(hosts).containsExactly("hooks.example.com:" + server.getAddress().getPort());
  }

  @Test
  void aCertificateForAnotherName_isATlsFailure_andNothingIsSent() {
    Sender.Outcome outcome =
        new SocketSender(pinned(), trusting.getSocketFactory())
            .post(url("evil.example.net"), Map.of(), new byte[0]);

    assertThat(outcome.error()).isEqualTo("tls");
    assertThat(outcome.statusCode()).isNull();
    assertThat(hosts).isEmpty();
  }

  @Test
  void anUntrustedCertificate_isATlsFailure() {
    assertThat(
            new SocketSender(pinned())
                .post(url("hooks.example.com"), Map.of(), new byte[0])
                .error())
        .isEqualTo("tls");
    assertThat(hosts).isEmpty();
  }
}
