package dev.latchkey.store.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port, to cut a client off from a server and bring it back without
 * touching the server: {@link #cut()} closes every forwarded connection and stops listening (new
 * connections are refused, as by a server that is down); {@link #restore()} listens again on the
 * same port. Tests point a store (or a node) at {@link #port()} instead of the server's port.
 *
 * <p>Thread-safe. Daemon threads: one accepting, two per forwarded connection. {@link #close()}
 * stops everything.
 */
public final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private int port;
  private ServerSocket listener;

  private TcpProxy(InetSocketAddress target) {
    this.target = target;
  }

  /** Starts forwarding a new loopback port to {@code host:port}. */
  public static TcpProxy start(String host, int port) {
    TcpProxy proxy = new TcpProxy(new InetSocketAddress(host, port));
    proxy.listen(0);
    return proxy;
  }

  /**
   * The loopback port clients connect to; the same across {@link #cut()} and {@link #restore()}.
   */
  public synchronized int port() {
    return port;
  }

  /** Whether it is forwarding (not {@link #cut()}). */
  public synchronized boolean isForwarding() {
    return listener != null;
  }

  /** How many client connections it forwards now. */
  public int connections() {
    return sockets.size() / 2;
  }

  /** Closes every forwarded connection and refuses new ones until {@link #restore()}. */
  public synchronized void cut() {
    closeListener();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  /** Listens again on the same port; does nothing while forwarding. */
  public synchronized void restore() {
    if (listener == null) {
      listen(port);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private synchronized void listen(int onPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      listener = server;
      port = server.getLocalPort();
      daemon("tcp-proxy-accept-" + port, () -> accept(server));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback port " + onPort, e);
    }
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 5_000);
        } catch (IOException e) {
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        if (!register(server, client, upstream)) {
          continue;
        }
        daemon("tcp-proxy-up-" + port, () -> pump(client, upstream));
        daemon("tcp-proxy-down-" + port, () -> pump(upstream, client));
      } catch (IOException e) {
        return; // the listener was closed by cut() or close()
      }
    }
  }

  /** Tracks a connection pair, unless the proxy was cut meanwhile (then closes it). */
  private synchronized boolean register(ServerSocket server, Socket client, Socket upstream) {
    if (listener != server) {
      closeQuietly(client);
      closeQuietly(upstream);
      return false;
    }
    sockets.add(client);
    sockets.add(upstream);
    return true;
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was cut: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private void closeListener() {
    if (listener != null) {
      closeQuietly(listener);
      listener = null;
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread.ofPlatform().name(name).daemon().start(body);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed, or closing anyway: nothing to do
    }
  }
}
