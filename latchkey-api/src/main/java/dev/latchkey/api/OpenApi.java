package dev.latchkey.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.1 document of the Latchkey HTTP API, shipped in this jar as the classpath resource
 * {@value #RESOURCE}. The server serves it at {@code /openapi.yaml}; tests and tools read it from
 * here.
 *
 * <p>The document is read on first use and kept. Thread-safe. If the resource is missing from the
 * classpath (a broken build), every call throws {@link IllegalStateException}.
 */
public final class OpenApi {
  /** Classpath location of the document, for tools that load it by name (schema validators). */
  public static final String RESOURCE = "dev/latchkey/api/openapi.yaml";

  /** The media type to serve the document with (RFC 9512). */
  public static final String MEDIA_TYPE = "application/yaml";

  private OpenApi() {}

  /** The document as text. */
  public static String yaml() {
    return document().text();
  }

  /** The document as UTF-8 bytes; a fresh copy the caller may keep or change. */
  public static byte[] bytes() {
    return document().bytes().clone();
  }

  // Racing first calls may both read the resource; they read the same bytes, so either may win.
  private static volatile Document cached;

  private static Document document() {
    Document d = cached;
    if (d == null) {
      byte[] bytes = load();
      d = new Document(bytes, new String(bytes, StandardCharsets.UTF_8));
      cached = d;
    }
    return d;
  }

  private static byte[] load() {
    try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing from the classpath: " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private record Document(byte[] bytes, String text) {}
}
