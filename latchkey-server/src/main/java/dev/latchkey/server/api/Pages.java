package dev.latchkey.server.api;

import dev.latchkey.api.Page;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.server.http.Exchange;
import dev.latchkey.server.http.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cursor pagination on the wire: {@code page_size} (1 to 100, default 20) and an opaque {@code
 * page_token} that continues after the last item of the previous page.
 */
final class Pages {
  static final int DEFAULT_SIZE = 20;
  private static final String TOKEN_PREFIX = "c1.";

  private Pages() {}

  static PageRequest request(Exchange ex) {
    int size = ex.query("page_size").map(Pages::size).orElse(DEFAULT_SIZE);
    long before = ex.query("page_token").map(Pages::decode).orElse(Long.MAX_VALUE);
    return new PageRequest(size, before);
  }

  static <T> Page<T> page(Slice<T> slice) {
    return new Page<>(
        slice.items(), slice.next().isPresent() ? encode(slice.next().getAsLong()) : null);
  }

  private static int size(String text) {
    try {
      int size = Integer.parseInt(text);
      if (size >= 1 && size <= PageRequest.MAX_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // falls through to the same answer as an out-of-range number
    }
    throw HttpProblem.badRequest(
        "page_size", "must be an integer from 1 to " + PageRequest.MAX_SIZE);
  }

  static String encode(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((TOKEN_PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
  }

  private static long decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      if (text.startsWith(TOKEN_PREFIX)) {
        long seq = Long.parseLong(text.substring(TOKEN_PREFIX.length()));
        if (seq > 0) {
          return seq;
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64 or not a number: the same answer as any other bad token
    }
    throw HttpProblem.badRequest("page_token", "is not a token from a previous page");
  }
}
