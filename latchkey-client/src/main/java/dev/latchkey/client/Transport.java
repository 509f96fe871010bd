package dev.latchkey.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Sends {@link Call}s: adds the root key, encodes and decodes JSON, and turns every failure into a
 * {@link LatchkeyException}. Thread-safe: immutable, over a thread-safe {@link HttpClient}.
 */
final class Transport implements AutoCloseable {
  private static final String USER_AGENT = "latchkey-java/0.1.0";
  private static final String ACCEPT = "application/json, application/problem+json";

  private final HttpClient http;
  private final URI baseUri;
  private final String base;
  private final String rootKey;
  private final Duration timeout;
  private final Redactor redactor;

  Transport(HttpClient http, URI baseUri, String rootKey, Duration timeout) {
    this.http = http;
    this.baseUri = baseUri;
    String text = baseUri.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.rootKey = rootKey;
    this.timeout = timeout;
    this.redactor = Redactor.of(List.of(rootKey));
  }

  URI baseUri() {
    return baseUri;
  }

  /** Sends {@code call}, expecting a 2xx whose body is not read (a 204); throws otherwise. */
  void send(Call call) {
    HttpResponse<byte[]> response = exchange(call, request(call));
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
      throw Failures.of(status, response.body(), requestId, redactor.with(call.secret()));
    }
  }

  /** Sends {@code call} and reads a 2xx body as {@code type}; throws for everything else. */
  <T> T send(Call call, JavaType type) {
    HttpResponse<byte[]> response = exchange(call, request(call));
    int status = response.statusCode();
    String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
    Redactor scrub = redactor.with(call.secret());
    if (status < 200 || status > 299) {
      throw Failures.of(status, response.body(), requestId, scrub);
    }
    try {
      return Json.mapper()
          .readerFor(type)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(response.body());
    } catch (IOException e) {
      // The parser's message may quote the body, which can hold a secret: keep only a scrubbed
      // description and drop the exception itself.
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw new LatchkeyProtocolException(
          scrub.clean(
              call.method()
                  + " "
                  + call.path()
                  + ": the response is not a "
                  + type.getRawClass().getSimpleName()
                  + ": "
                  + why),
          status,
          requestId);
    }
  }

  /**
   * Opens {@code GET path} as a stream of Server-Sent Events: returns once the status and headers
   * are in (within the timeout), whatever the status; the body is read by the caller, for as long
   * as the server sends. The timeout does not apply to the body: on newer JDKs a request's timeout
   * covers the body too, which would cut every stream.
   *
   * @param lastEventId sent as {@code Last-Event-ID} when not null
   */
  HttpResponse<InputStream> stream(String path, String lastEventId) {
    return stream(path, "text/event-stream", lastEventId);
  }

  /** As {@link #stream(String, String)}, accepting {@code accept}: for a long download. */
  HttpResponse<InputStream> stream(String path, String accept, String lastEventId) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + rootKey)
            .header("Accept", accept)
            .header("User-Agent", USER_AGENT)
            .GET();
    if (lastEventId != null) {
      builder.header("Last-Event-ID", lastEventId);
    }
    String what = "GET " + path + " to " + origin();
    java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> response =
        http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    try {
      return response.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      response.cancel(true);
      throw new LatchkeyConnectionException(
          what + " timed out after " + timeout.toMillis() + " ms",
          new HttpTimeoutException("no response headers"),
          true);
    } catch (java.util.concurrent.ExecutionException e) {
      IOException cause =
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      throw new LatchkeyConnectionException(what + " failed: " + describe(cause), cause, false);
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      throw new LatchkeyConnectionException(what + " was interrupted", e);
    }
  }

  /** The exception for a non-2xx answer to a streamed request, its body read already. */
  LatchkeyApiException failure(int status, byte[] body, HttpResponse<?> response) {
    return Failures.of(
        status, body, response.headers().firstValue("X-Request-Id").orElse(null), redactor);
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + call.path()))
            .timeout(timeout)
            .header("Authorization", "Bearer " + rootKey)
            .header("Accept", ACCEPT)
            .header("User-Agent", USER_AGENT);
    if (call.idempotencyKey() != null) {
      builder.header("Idempotency-Key", call.idempotencyKey());
    }
    if (call.body() == null) {
      return builder.method(call.method(), HttpRequest.BodyPublishers.noBody()).build();
    }
    return builder
        .header("Content-Type", "application/json")
        .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(encode(call.body())))
        .build();
  }

  private static byte[] encode(Object body) {
    try {
      return Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + body.getClass().getSimpleName(), e);
    }
  }

  private HttpResponse<byte[]> exchange(Call call, HttpRequest request) {
    // The path holds ids, and a secret passed by mistake as an id must not reach the message.
    String what = redactor.clean(call.method() + " " + call.path()) + " to " + origin();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new LatchkeyConnectionException(
          what + " timed out after " + timeout.toMillis() + " ms", e, true);
    } catch (IOException e) {
      throw new LatchkeyConnectionException(what + " failed: " + describe(e), e, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LatchkeyConnectionException(what + " was interrupted", e);
    }
  }

  /** Scheme, host and port only: a base URI's user info or path is nobody's business in a log. */
  private String origin() {
    return baseUri.getScheme()
        + "://"
        + baseUri.getHost()
        + (baseUri.getPort() < 0 ? "" : ":" + baseUri.getPort());
  }

  private String describe(IOException e) {
    if (e instanceof ConnectException) {
      // The JDK's often has no message, only a ClosedChannelException as its cause.
      return "cannot connect (ConnectException)";
    }
    // Name the exception, then the first message or type found down its causes.
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
    Throwable current = e;
    while (current.getMessage() == null && current.getCause() != null) {
      current = current.getCause();
    }
    if (current.getMessage() != null) {
      text.append(": ").append(current.getMessage());
    } else if (current != e) {
      text.append(": ").append(current.getClass().getSimpleName());
    }
    return redactor.clean(text.toString());
  }

  @Override
  public void close() {
    http.close();
  }
}
