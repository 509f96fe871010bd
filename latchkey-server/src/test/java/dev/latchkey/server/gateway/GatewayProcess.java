package dev.latchkey.server.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real gateway (nginx, Caddy) started in the foreground from a config kept in {@code deploy/},
 * with its placeholders filled in. The rendered config holds the gateway's root key, so it is
 * written mode 0600 into a 0700 directory and never printed: a failure shows the gateway's log with
 * the key redacted. {@link #close()} stops the process (bounded waits); it is also killed when the
 * JVM exits.
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String secret;

  private GatewayProcess(Process process, Path log, String secret) {
    this.process = process;
    this.log = log;
    this.secret = secret;
  }

  /** Values for a template's {@code @NAME@} placeholders. */
  static String render(Path template, Map<String, String> values) {
    try {
      String text = Files.readString(template, StandardCharsets.UTF_8);
      for (Map.Entry<String, String> e : values.entrySet()) {
        text = text.replace("@" + e.getKey() + "@", e.getValue());
      }
      if (text.matches("(?s).*@[A-Z_]+@.*")) {
        throw new IllegalStateException("a placeholder of " + template + " has no value");
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} readable by the owner only. */
  static Path writePrivate(Path file, String text) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A private (0700) working directory for one gateway. */
  static Path privateDir(Path parent, String name) {
    try {
      return Files.createDirectories(
          parent.resolve(name),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code command} in {@code dir} and waits (at most 15 s) until it accepts connections on
   * {@code port}. Aborts the test outside CI, fails it under CI, when the binary is missing.
   */
  static GatewayProcess start(
      List<String> command, Path dir, Map<String, String> env, int port, String secret) {
    Path log = dir.resolve("gateway.log");
    Process process;
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      process = pb.start();
    } catch (IOException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(
            "under CI the gateway tests must run: " + command.getFirst(), e);
      }
      Assumptions.abort(
          "skipped outside CI: cannot start " + command.getFirst() + " (" + e.getMessage() + ")");
      throw new AssertionError("unreachable");
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    GatewayProcess gateway = new GatewayProcess(process, log, secret);
    gateway.awaitPort(port);
    return gateway;
  }

  private void awaitPort(int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway exited at start:\n" + redactedLog());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(20);
      }
    }
    close();
    throw new IllegalStateException("the gateway did not listen within 15 s:\n" + redactedLog());
  }

  /** The gateway's output so far, with the root key replaced. */
  String redactedLog() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).replace(secret, "[root key]");
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
