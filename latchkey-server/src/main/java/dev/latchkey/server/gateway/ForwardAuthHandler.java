package dev.latchkey.server.gateway;

import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.server.api.ForwardAuthEndpoints;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import dev.latchkey.server.http.PathTemplate;
import dev.latchkey.server.http.Problems;
import dev.latchkey.server.http.Reply;
import dev.latchkey.server.http.RequestObserver;
import dev.latchkey.server.http.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One connection of the forward-auth listener: each request, once whole, gets the API's answer to
 * {@code /v1/forward-auth[/…]} with the API's headers ({@code X-Request-Id}, {@code Cache-Control:
 * no-store}). Gateways send no body: a body is read and dropped (up to {@link Exchange#MAX_BODY}
 * bytes, else {@code 413}) and the connection closed after the answer; a request with {@code
 * Expect} is answered at once, its body unread, and the connection closed (no {@code 100}, whose
 * place among pipelined answers would be ambiguous). A request the decoder refused gets a problem
 * and the connection is closed. Responses go out in the order of the requests; they are flushed
 * when a read is done, so that pipelined requests share one write, and reading stops while the peer
 * does not take them. Runs on one thread at a time (the channel's).
 */
final class ForwardAuthHandler extends ChannelInboundHandlerAdapter {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ForwardAuthHandler.class);
  private static final PathTemplate BASE = new PathTemplate(ForwardAuthEndpoints.BASE);
  private static final PathTemplate SUFFIX = new PathTemplate(ForwardAuthEndpoints.SUFFIX, true);
  private static final AsciiString GATEWAY_KEY = NettyRequest.named(Router.GATEWAY_KEY_HEADER);
  private static final AsciiString REQUEST_ID = AsciiString.cached("X-Request-Id");
  private static final String ALLOW =
      String.join(", ", new TreeSet<>(ForwardAuthEndpoints.METHODS));
  // Reply checks every header it carries once; the request ids and dates are ours.
  private static final HttpHeadersFactory RESPONSE_HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);
  private static final HttpHeadersFactory TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

  /** What every connection of one listener shares. */
  /**
   * @param offloaded whether answers are worked out off the event loop: reading then stops after
   *     each whole request until it is answered ({@link OneAtATime})
   */
  record Shared(
      ForwardAuthEndpoints endpoints,
      Verifier verifier,
      RequestObserver observer,
      boolean offloaded) {}

  /**
   * On the event loop, before a handler worked out elsewhere: stops reading once a whole request is
   * read, so that requests do not queue up for the workers faster than they are answered.
   */
  static final class OneAtATime extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof LastHttpContent) {
        ctx.channel().config().setAutoRead(false);
      }
      ctx.fireChannelRead(msg);
    }
  }

  /** The most query parameters read; a gateway sends at most the four route settings. */
  private static final int MAX_PARAMS = 64;

  private record Dated(long second, String text) {}

  private static volatile Dated date = new Dated(-1, "");

  private final Shared shared;
  private String peer = "";
  private HttpRequest pending;
  private long bodyBytes;
  private boolean bodied;
  private boolean closing;

  ForwardAuthHandler(Shared shared) {
    this.shared = shared;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    SocketAddress remote = ctx.channel().remoteAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      peer = inet.getAddress().getHostAddress();
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (closing) {
        return; // the last answer on this connection is written; nothing after it is read
      }
      if (msg instanceof HttpRequest request) {
        if (refused(ctx, request.decoderResult(), true)) {
          return;
        }
        if (request.headers().contains(HttpHeaderNames.EXPECT)) {
          closing = true;
          ctx.channel().config().setAutoRead(false);
          answer(ctx, request);
          return;
        }
        pending = request;
        bodyBytes = 0;
        bodied =
            request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                || HttpUtil.getContentLength(request, 0L) > 0;
      }
      if (msg instanceof HttpContent content && pending != null) {
        if (refused(ctx, content.decoderResult(), false)) {
          return;
        }
        bodyBytes += content.content().readableBytes();
        if (bodyBytes > Exchange.MAX_BODY) {
          pending = null;
          refuse(ctx, HttpProblem.payloadTooLarge(Exchange.MAX_BODY));
          return;
        }
        if (content instanceof LastHttpContent) {
          HttpRequest request = pending;
          pending = null;
          closing = bodied;
          if (closing) {
            ctx.channel().config().setAutoRead(false);
          }
          answer(ctx, request);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    // Reading stops while the peer leaves answers unread, and goes on once it has taken them.
    if (!closing) {
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close(); // a gateway's idle connection: it opens another when it needs one
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by the peer and the like: the connection is over. Its message may quote the request.
    LOG.debug("forward-auth connection from {} failed: {}", peer, cause.getClass().getName());
    ctx.close();
  }

  /**
   * Refuses what the decoder could not read, and closes: the rest of the stream is not framed.
   *
   * @param head whether the request line and headers failed (else a chunk of the body)
   */
  private boolean refused(ChannelHandlerContext ctx, DecoderResult result, boolean head) {
    if (result.isSuccess()) {
      return false;
    }
    pending = null;
    Throwable cause = result.cause();
    refuse(
        ctx,
        head && cause instanceof TooLongHttpLineException
            ? HttpProblem.tooLong(414, Exchange.MAX_REQUEST_LINE)
            : head && cause instanceof TooLongFrameException
                ? HttpProblem.tooLong(431, Exchange.MAX_HEADERS)
                : HttpProblem.badRequest("request", "is not a well-formed HTTP request"));
    return true;
  }

  private void refuse(ChannelHandlerContext ctx, HttpProblem problem) {
    closing = true;
    String requestId = Ids.newCorrelationId("req");
    org.slf4j.MDC.put(Router.MDC_REQUEST_ID, requestId);
    try {
      Reply reply = Problems.toReply(problem, requestId);
      ctx.channel().config().setAutoRead(false);
      ctx.writeAndFlush(response(reply, requestId, false, false))
          .addListener(ChannelFutureListener.CLOSE);
      shared.observer().completed("OTHER", () -> peer, Router.UNMATCHED, reply.status(), 0);
    } finally {
      org.slf4j.MDC.remove(Router.MDC_REQUEST_ID);
    }
  }

  private void answer(ChannelHandlerContext ctx, HttpRequest request) {
    long started = System.nanoTime();
    String requestId = Ids.newCorrelationId("req");
    org.slf4j.MDC.put(Router.MDC_REQUEST_ID, requestId);
    try {
      String method = request.method().name();
      String[] route = {Router.UNMATCHED};
      Reply reply;
      try {
        reply = dispatch(request, method, requestId, route);
      } catch (RuntimeException e) {
        reply = Problems.toReply(e, requestId);
      }
      boolean keepAlive = !closing && HttpUtil.isKeepAlive(request);
      FullHttpResponse response = response(reply, requestId, keepAlive, method.equals("HEAD"));
      if (!keepAlive) {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      } else {
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(response);
        if (!ctx.channel().isWritable()) {
          ctx.channel().config().setAutoRead(false); // until the peer takes what is written
        } else if (shared.offloaded()) {
          ctx.channel().config().setAutoRead(true); // the next request (OneAtATime)
        }
      }
      shared
          .observer()
          .completed(
              RequestObserver.method(method),
              () -> peer,
              route[0],
              reply.status(),
              System.nanoTime() - started);
    } finally {
      org.slf4j.MDC.remove(Router.MDC_REQUEST_ID);
    }
  }

  /**
   * As the API's router: 404 off the route's paths, 405 off its methods, then the gateway's key.
   */
  private Reply dispatch(HttpRequest request, String method, String requestId, String[] route) {
    String uri = request.uri();
    int query = uri.indexOf('?');
    String rawPath = query < 0 ? uri : uri.substring(0, query);
    // As Helidon reads a query: ';' is no separator (a gateway may put a client's text in a value).
    QueryStringDecoder decoder =
        QueryStringDecoder.builder().semicolonIsNormalChar(true).maxParams(MAX_PARAMS).build(uri);
    String path;
    try {
      path = decoder.path();
    } catch (IllegalArgumentException e) { // a bad percent escape; the path is not echoed
      throw HttpProblem.badRequest("path", "is not a well-formed path");
    }
    List<String> segments = PathTemplate.split(path);
    if (BASE.match(segments).isPresent()) {
      route[0] = ForwardAuthEndpoints.BASE;
    } else if (SUFFIX.match(segments).isPresent()) {
      route[0] = ForwardAuthEndpoints.SUFFIX;
    } else {
      // The path is not echoed: a client may have put a secret in it.
      throw HttpProblem.notFound(
          "this listener serves /v1/forward-auth only; see the API's /openapi.yaml");
    }
    if (!ForwardAuthEndpoints.METHODS.contains(method)) {
      throw HttpProblem.methodNotAllowed(ALLOW);
    }
    Principal principal =
        Router.authenticateGateway(
            shared.verifier(),
            java.util.Optional.ofNullable(request.headers().get(GATEWAY_KEY)),
            Permission.KEYS_VERIFY,
            () -> peer,
            requestId);
    return shared
        .endpoints()
        .answer(new NettyRequest(request, decoder, requestId, rawPath, peer, principal));
  }

  /** {@code reply} with the headers every answer of Latchkey carries; no body for a HEAD. */
  private static FullHttpResponse response(
      Reply reply, String requestId, boolean keepAlive, boolean head) {
    ByteBuf body =
        head || reply.body().length == 0
            ? Unpooled.EMPTY_BUFFER
            : Unpooled.wrappedBuffer(reply.body());
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.status()),
            body,
            RESPONSE_HEADERS,
            TRAILERS);
    HttpHeaders headers = response.headers();
    if (reply.status() != 204) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    }
    headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    headers.set(REQUEST_ID, requestId);
    for (Map.Entry<String, String> header : reply.headers().entrySet()) {
      headers.set(header.getKey(), header.getValue());
    }
    headers.set(HttpHeaderNames.DATE, now());
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  /** The {@code Date} header's value, formatted once a second. */
  private static String now() {
    long millis = System.currentTimeMillis();
    Dated d = date;
    if (d.second() != millis / 1000) {
      d = new Dated(millis / 1000, DateFormatter.format(new Date(millis)));
      date = d;
    }
    return d.text();
  }
}
