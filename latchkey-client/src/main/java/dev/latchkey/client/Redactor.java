package dev.latchkey.client;

import dev.latchkey.api.Problem;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes secrets from text the server sends back before it reaches an exception: first the exact
 * secrets this call knows (the root key, a key being verified), then anything shaped like a
 * Latchkey secret, which keeps only its display start ({@code pay_AbCd…}).
 */
final class Redactor {
  static final String REDACTED = "<redacted>";

  /** Prefix and separator, four characters kept for display, the other 34 removed. */
  private static final Pattern KEY_SHAPE =
      Pattern.compile("\\b([a-z][a-z0-9]{0,15}(?:_root)?_[0-9A-Za-z]{4})[0-9A-Za-z]{34}\\b");

  /** Exact secrets shorter than this are not searched for: they would garble ordinary words. */
  private static final int MIN_EXACT = 4;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  static Redactor of(List<String> secrets) {
    return new Redactor(
        secrets.stream().filter(s -> s != null && s.length() >= MIN_EXACT).toList());
  }

  /** A redactor that also hides {@code more}. */
  Redactor with(String more) {
    return more == null ? this : of(Stream.concat(secrets.stream(), Stream.of(more)).toList());
  }

  String clean(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, REDACTED);
    }
    return KEY_SHAPE.matcher(result).replaceAll("$1…");
  }

  Problem clean(Problem problem) {
    List<Problem.FieldError> errors =
        problem.errors() == null
            ? null
            : problem.errors().stream()
                .map(e -> new Problem.FieldError(clean(e.field()), clean(e.message())))
                .toList();
    return new Problem(
        clean(problem.type()),
        clean(problem.title()),
        problem.status(),
        clean(problem.detail()),
        clean(problem.requestId()),
        errors);
  }
}
