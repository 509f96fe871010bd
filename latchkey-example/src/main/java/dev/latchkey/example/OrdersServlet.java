package dev.latchkey.example;

import dev.latchkey.api.Json;
import dev.latchkey.api.Verdict;
import dev.latchkey.client.servlet.LatchkeyFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /orders}: the caller's orders (none: this is an example), and who the caller is, as
 * the {@link LatchkeyFilter} in front of it found.
 */
final class OrdersServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The body: {@code {"orders":[],"consumer":"con_…","key_id":"key_…"}}. */
  record Orders(List<Object> orders, String consumer, String keyId) {}

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // The filter admits nothing without a verdict; its absence would be a wiring mistake.
    Verdict verdict =
        LatchkeyFilter.verdict(request)
            .orElseThrow(() -> new IllegalStateException("LatchkeyFilter is not in front"));
    byte[] body =
        Json.mapper().writeValueAsBytes(new Orders(List.of(), verdict.consumer(), verdict.keyId()));
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
