package dev.latchkey.server.gateway;

import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.api.ForwardAuthEndpoints;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.RequestObserver;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code /v1/forward-auth[/…]} on a port of its own, for gateways: HTTP/1.1 on Netty's event loops
 * (one per core, on epoll where Netty's native transport loads), where the API's listener gives
 * every connection a virtual thread. A gateway keeps a pool of connections open and sends one small
 * request on each at a time; an event loop reads whatever of them is ready in one wake-up, answers
 * on the same thread and writes once, without the park, poll and unpark a virtual thread costs per
 * request.
 *
 * <p>When verifying may wait on the network (PostgreSQL, Redis), the answers are worked out on a
 * pool of threads beside the loops instead (Netty keeps each connection on one of them, so answers
 * stay in order), so that one slow lookup holds no loop. With SQLite and in-memory limits a
 * verification waits on nothing but a local file on a cache miss, and runs on the loop.
 *
 * <p>Requests are bounded as the API's are: the request line, the header block and the body (read
 * and dropped). A connection that sends nothing for {@link #IDLE} is closed, so are connections
 * above {@link #MAX_CONNECTIONS}, and a connection is not read while the answers written to it and
 * not yet taken exceed 64 KiB.
 */
public final class ForwardAuthListener implements AutoCloseable {
  /** How long a connection may send nothing before it is closed. */
  static final Duration IDLE = Duration.ofMinutes(5);

  /** The most connections open at once; those above are closed as they come. */
  static final int MAX_CONNECTIONS = 10_000;

  // Answers written but not yet taken by the peer, per connection: above the high mark reading
  // stops until they fall under the low one.
  private static final WriteBufferWaterMark UNREAD_ANSWERS =
      new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final EventLoopGroup loops;
  private final EventExecutorGroup workers;
  private final Channel server;
  private final ChannelGroup connections;
  private final Duration grace;

  private ForwardAuthListener(
      EventLoopGroup loops,
      EventExecutorGroup workers,
      Channel server,
      ChannelGroup connections,
      Duration grace) {
    this.loops = loops;
    this.workers = workers;
    this.server = server;
    this.connections = connections;
    this.grace = grace;
  }

  /**
   * Starts listening.
   *
   * @param waitsOnNetwork whether a verification may wait on a remote store or Redis: answers are
   *     then worked out off the event loops
   * @param grace how long {@link #close()} lets answers being worked out finish
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static ForwardAuthListener start(
      String host,
      int port,
      ForwardAuthEndpoints endpoints,
      Verifier verifier,
      RequestObserver observer,
      boolean waitsOnNetwork,
      Duration grace) {
    int cores = Runtime.getRuntime().availableProcessors();
    // Netty's own epoll binding where it loads (Linux on x86-64, the binding shipped; not with
    // -Dio.netty.transport.noNative=true), else the JDK's selector: about a tenth less CPU per
    // request (docs/benchmarks.md).
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup loops =
        new MultiThreadIoEventLoopGroup(
            cores,
            new DefaultThreadFactory("latchkey-forward-auth", true),
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    EventExecutorGroup workers =
        waitsOnNetwork
            ? new DefaultEventExecutorGroup(
                Math.max(32, 8 * cores),
                new DefaultThreadFactory("latchkey-forward-auth-work", true))
            : null;
    ForwardAuthHandler.Shared shared =
        new ForwardAuthHandler.Shared(endpoints, verifier, observer, workers != null);
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    HttpDecoderConfig decoding =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(Exchange.MAX_REQUEST_LINE)
            .setMaxHeaderSize(Exchange.MAX_HEADERS);
    try {
      Channel server =
          new ServerBootstrap()
              .group(loops)
              .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, UNREAD_ANSWERS)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      connections.add(channel); // and removed from it when it closes
                      if (connections.size() > MAX_CONNECTIONS) {
                        channel.close();
                        return;
                      }
                      ChannelPipeline pipeline =
                          channel
                              .pipeline()
                              .addLast("http", new HttpServerCodec(decoding))
                              .addLast(
                                  "idle",
                                  new IdleStateHandler(IDLE.toSeconds(), 0, 0, TimeUnit.SECONDS));
                      if (workers != null) {
                        pipeline.addLast("one-at-a-time", new ForwardAuthHandler.OneAtATime());
                      }
                      pipeline.addLast(workers, "forward-auth", new ForwardAuthHandler(shared));
                    }
                  })
              .bind(host, port)
              .syncUninterruptibly()
              .channel();
      return new ForwardAuthListener(loops, workers, server, connections, grace);
    } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
      shutDown(loops, workers, Duration.ZERO);
      if (e instanceof java.io.IOException io) {
        throw new UncheckedIOException(
            "cannot listen for forward auth on " + host + ":" + port + ": " + io.getMessage(), io);
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /**
   * Stops accepting and reading, lets answers being worked out finish (up to {@code grace}), then
   * closes the connections.
   */
  public void close(Duration grace) {
    server.close().syncUninterruptibly();
    for (Channel connection : connections) {
      connection.config().setAutoRead(false);
    }
    if (workers != null) {
      workers.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
    connections.close().awaitUninterruptibly(grace.toMillis(), TimeUnit.MILLISECONDS);
    loops.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  /** {@link #close(Duration)} with the grace it was started with. */
  @Override
  public void close() {
    close(grace);
  }

  private static void shutDown(EventLoopGroup loops, EventExecutorGroup workers, Duration grace) {
    if (workers != null) {
      workers.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
    loops.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}
