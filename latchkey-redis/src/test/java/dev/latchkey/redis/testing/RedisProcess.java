package dev.latchkey.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of the test's own on a free loopback port, without persistence, that the
 * test may kill, freeze and start again on the same port. {@link #close()} kills it; it never
 * outlives the test JVM for long (no daemonizing, killed on exit too).
 */
public final class RedisProcess implements AutoCloseable {
  private final int port;
  private final java.util.List<String> options;
  private Process process;

  private RedisProcess(int port, java.util.List<String> options) {
    this.port = port;
    this.options = options;
  }

  /**
   * Starts one; aborts the test outside CI (fails it under CI) when there is no redis-server.
   *
   * @param options more command line options, such as {@code --requirepass secret}
   */
  public static RedisProcess start(String... options) {
    RedisProcess redis = new RedisProcess(freePort(), java.util.List.of(options));
    redis.restart();
    return redis;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on its port and waits until it answers, at most 10 s. */
  public void restart() {
    try {
      java.util.List<String> command =
          new java.util.ArrayList<>(
              java.util.List.of(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no"));
      command.addAll(options);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("under CI the Redis outage tests must run", e);
      }
      Assumptions.abort("skipped outside CI: cannot start redis-server (" + e.getMessage() + ")");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    awaitAnswer();
  }

  /** Kills the server at once (SIGKILL): connections drop, nothing is saved. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server (SIGSTOP): connections stay open, nothing answers. */
  public void freeze() {
    signal("-STOP");
  }

  /** Resumes a frozen server (SIGCONT). */
  public void thaw() {
    signal("-CONT");
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private void signal(String signal) {
    try {
      new ProcessBuilder("kill", signal, Long.toString(process.pid()))
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("kill " + signal + " failed", e);
    }
  }

  private void awaitAnswer() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (answersPing()) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer in 10 s");
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(5);
      String answer = new String(reply, StandardCharsets.US_ASCII);
      return answer.equals("+PONG") || answer.equals("-NOAU"); // -NOAUTH: it wants a password

    } catch (IOException e) {
      return false;
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
