package dev.latchkey.api;

import java.util.List;

/** RFC 9457 problem details, the body of every 4xx and 5xx response. */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String requestId,
    List<FieldError> errors) {

  /** One bad input: a JSON pointer-like path ({@code meta.tier}, {@code page_size}) and why. */
  public record FieldError(String field, String message) {}
}
