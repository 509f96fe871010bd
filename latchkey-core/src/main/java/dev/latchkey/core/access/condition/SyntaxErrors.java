package dev.latchkey.core.access.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSource;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;

/**
 * Turns CEL's issues and our own findings into {@link ConditionSyntaxException}s. CEL counts
 * positions in code points; we report {@code char} offsets, plus a 1-based line and column in the
 * message, so that a position can index the Java string the caller holds.
 */
final class SyntaxErrors {
  private SyntaxErrors() {}

  /** The first error of {@code result}, which must have one. */
  static ConditionSyntaxException of(CelValidationResult result, String text) {
    CelIssue issue = result.getErrors().getFirst();
    CelSource source = result.getSource();
    int codePoint = source.getLocationOffset(issue.getSourceLocation()).orElse(-1);
    return at(text, codePoint, clean(issue.getMessage()));
  }

  /** An error at expression {@code expr} of {@code ast}, or unplaced when CEL kept no position. */
  static ConditionSyntaxException at(
      CelAbstractSyntaxTree ast, CelExpr expr, String text, String message) {
    return at(text, ast.getSource().getPositionsMap().getOrDefault(expr.id(), -1), message);
  }

  /** An error at code point {@code codePoint} of {@code text} (-1: nowhere in particular). */
  static ConditionSyntaxException at(String text, int codePoint, String message) {
    if (codePoint < 0) {
      return new ConditionSyntaxException(-1, message);
    }
    int position =
        text.offsetByCodePoints(0, Math.min(codePoint, text.codePointCount(0, text.length())));
    int lineStart = text.lastIndexOf('\n', position - 1) + 1;
    int line = 1 + (int) text.substring(0, lineStart).chars().filter(c -> c == '\n').count();
    int column = 1 + text.codePointCount(lineStart, position);
    return new ConditionSyntaxException(position, message + " at " + line + ":" + column);
  }

  /** CEL's message without what means nothing to a condition's author. */
  private static String clean(String message) {
    return message.replace(" (in container '')", "").replace("undefined field", "unknown field");
  }
}
