package dev.latchkey.server.webhook;

import dev.latchkey.core.alert.RefusedTargetException;
import dev.latchkey.core.alert.Sender;
import dev.latchkey.core.alert.WebhookTargets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts a webhook over a socket of its own: HTTP/1.1, one request per connection. Written by hand
 * rather than with {@code java.net.http.HttpClient} because the request must go to the address that
 * was checked, not to whatever the name resolves to a moment later (DNS rebinding): the host is
 * resolved once per attempt ({@link WebhookTargets#resolve}), the socket connects to that address,
 * and the URL's host goes in the {@code Host} header and, for https, in SNI and the certificate
 * check (the JDK's {@code HTTPS} endpoint identification). HttpClient does not let a caller pick
 * the address nor set {@code Host}.
 *
 * <p>No redirect is followed: a 3xx is a failed attempt ({@code redirect}). Connecting may take
 * {@link #CONNECT_TIMEOUT}, the whole attempt {@link #TOTAL_TIMEOUT}; of the response, the status
 * line and headers are read (at most {@link #MAX_HEAD} bytes) and the first {@link #MAX_SNIPPET}
 * bytes of the body. Thread-safe.
 */
public final class SocketSender implements Sender {
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_HEAD = 16 * 1024;
  static final int MAX_SNIPPET = 256;

  private final WebhookTargets targets;
  private final SSLSocketFactory tls;
  private final Duration connectTimeout;
  private final Duration totalTimeout;

  public SocketSender(WebhookTargets targets) {
    this(targets, (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** A sender trusting what {@code tls} trusts (tests use their own certificate authority). */
  public SocketSender(WebhookTargets targets, SSLSocketFactory tls) {
    this(targets, tls, CONNECT_TIMEOUT, TOTAL_TIMEOUT);
  }

  /** A sender with other time bounds (tests of timeouts). */
  SocketSender(
      WebhookTargets targets,
      SSLSocketFactory tls,
      Duration connectTimeout,
      Duration totalTimeout) {
    this.targets = targets;
    this.tls = tls;
    this.connectTimeout = connectTimeout;
    this.totalTimeout = totalTimeout;
  }

  @Override
  public Outcome post(String url, Map<String, String> headers, byte[] body) {
    long started = System.nanoTime();
    WebhookTargets.Target target;
    InetAddress address;
    try {
      target = targets.checkUrl(url);
      address = targets.resolve(target);
    } catch (RefusedTargetException e) {
      return new Outcome(null, null, "refused_address", null, millisSince(started));
    }
    String ip = address.getHostAddress();
    long deadline = started + totalTimeout.toNanos();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, target.port()), (int) connectTimeout.toMillis());
      Socket socket = target.tls() ? wrap(plain, target) : plain;
      try {
        socket.setSoTimeout(remainingMillis(deadline));
        write(socket.getOutputStream(), target, headers, body);
        return read(socket, deadline, ip, started);
      } finally {
        if (socket != plain) {
          socket.close();
        }
      }
    } catch (SocketTimeoutException e) {
      return new Outcome(ip, null, "timeout", null, millisSince(started));
    } catch (SSLException e) {
      return new Outcome(ip, null, "tls", null, millisSince(started));
    } catch (java.net.ConnectException | java.net.NoRouteToHostException e) {
      return new Outcome(ip, null, "connect", null, millisSince(started));
    } catch (IOException e) {
      return new Outcome(ip, null, "io", null, millisSince(started));
    }
  }

  private SSLSocket wrap(Socket plain, WebhookTargets.Target target) throws IOException {
    SSLSocket s = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), false);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (!WebhookTargetsLiterals.isLiteral(target.host())) {
      p.setServerNames(List.of(new SNIHostName(target.host())));
    }
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  private static void write(
      OutputStream out, WebhookTargets.Target target, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder head =
        new StringBuilder("POST ")
            .append(target.requestTarget())
            .append(" HTTP/1.1\r\nHost: ")
            .append(target.hostHeader())
            .append("\r\nUser-Agent: Latchkey-Webhooks/1\r\nConnection: close\r\nContent-Length: ")
            .append(body.length)
            .append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static Outcome read(Socket socket, long deadline, String ip, long started)
      throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] terminator = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      socket.setSoTimeout(remainingMillis(deadline));
      int b = in.read();
      if (b < 0 || head.size() >= MAX_HEAD) {
        break;
      }
      head.write(b);
      matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    Integer status = statusOf(head.toString(StandardCharsets.ISO_8859_1));
    if (status == null) {
      return new Outcome(ip, null, "io", null, millisSince(started));
    }
    byte[] snippet = new byte[MAX_SNIPPET];
    int n = 0;
    while (matched == 4 && n < MAX_SNIPPET) {
      socket.setSoTimeout(remainingMillis(deadline));
      int r = in.read(snippet, n, MAX_SNIPPET - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    String text = printable(new String(snippet, 0, n, StandardCharsets.UTF_8));
    String error =
        status >= 200 && status < 300
            ? null
            : status >= 300 && status < 400 ? "redirect" : "http_status";
    return new Outcome(ip, status, error, text.isEmpty() ? null : text, millisSince(started));
  }

  private static Integer statusOf(String head) {
    // "HTTP/1.1 200 OK"
    if (!head.startsWith("HTTP/1.") || head.length() < 12 || head.charAt(8) != ' ') {
      return null;
    }
    try {
      int status = Integer.parseInt(head.substring(9, 12));
      return status >= 100 && status <= 599 ? status : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Control characters replaced, so that a receiver cannot write lines into our logs or output. */
  private static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints()
        .forEach(c -> b.appendCodePoint(Character.isISOControl(c) || c == 0xFFFD ? ' ' : c));
    return b.toString().strip();
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("the attempt's time is up");
    }
    return (int) Math.min(left, Integer.MAX_VALUE);
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
