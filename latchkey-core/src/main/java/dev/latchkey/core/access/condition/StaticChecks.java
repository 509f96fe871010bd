package dev.latchkey.core.access.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelCall;
import dev.cel.common.ast.CelExpr.CelComprehension;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Our rules over the parsed tree, before type checking: the node budget, no macro inside another
 * macro's body, known fields of {@code request} and {@code key} (with the list of known ones in the
 * message), and literal arguments that are checkable now (CIDRs, time zones, times of day,
 * patterns). {@code matches} takes literal patterns only, so no pattern comes from request data.
 * Recursion here is as deep as the tree, which the parser's depth limit bounds.
 */
final class StaticChecks {
  private static final Set<String> ZONED_GETTERS =
      Set.of(
          "getFullYear",
          "getMonth",
          "getDayOfYear",
          "getDayOfMonth",
          "getDate",
          "getDayOfWeek",
          "getHours",
          "getMinutes",
          "getSeconds",
          "getMilliseconds",
          Environment.TIME_OF_DAY);

  private final CelAbstractSyntaxTree ast;
  private final String text;
  private final Literals literals;
  private int nodes;

  private StaticChecks(CelAbstractSyntaxTree ast, String text, Literals literals) {
    this.ast = ast;
    this.text = text;
    this.literals = literals;
  }

  /**
   * Checks the parsed {@code ast} of {@code text}.
   *
   * @throws ConditionSyntaxException at the first offending node
   */
  static void check(CelAbstractSyntaxTree ast, String text, Literals literals) {
    new StaticChecks(ast, text, literals).visit(ast.getExpr(), 0);
  }

  private void visit(CelExpr expr, int macroDepth) {
    if (++nodes > Conditions.MAX_NODES) {
      throw error(expr, "a condition has at most " + Conditions.MAX_NODES + " nodes");
    }
    switch (expr.getKind()) {
      case SELECT -> {
        checkField(expr);
        visit(expr.select().operand(), macroDepth);
      }
      case CALL -> {
        checkCall(expr.call());
        expr.call().target().ifPresent(t -> visit(t, macroDepth));
        expr.call().args().forEach(a -> visit(a, macroDepth));
      }
      case LIST -> expr.list().elements().forEach(e -> visit(e, macroDepth));
      case MAP ->
          expr.map()
              .entries()
              .forEach(
                  e -> {
                    visit(e.key(), macroDepth);
                    visit(e.value(), macroDepth);
                  });
      case STRUCT -> throw error(expr, "creating messages (Name{...}) is not supported");
      case COMPREHENSION -> visitMacro(expr, macroDepth);
      default -> {
        // constants and identifiers: the checker resolves identifiers
      }
    }
  }

  private void visitMacro(CelExpr expr, int macroDepth) {
    CelComprehension macro = expr.comprehension();
    for (String variable : List.of(macro.iterVar(), macro.iterVar2())) {
      if (Environment.isVariable(variable)) {
        throw error(expr, "a macro variable may not be named '" + variable + "'");
      }
    }
    // The range is evaluated once, before the loop: chaining (xs.filter(..).map(..)) adds work.
    visit(macro.iterRange(), macroDepth);
    if (macroDepth >= Conditions.MAX_MACRO_NESTING) {
      throw macroError(
          expr, "a macro (all, exists, exists_one, map, filter) may not be used inside another");
    }
    visit(macro.accuInit(), macroDepth + 1);
    visit(macro.loopCondition(), macroDepth + 1);
    visit(macro.loopStep(), macroDepth + 1);
    visit(macro.result(), macroDepth + 1);
  }

  private void checkField(CelExpr expr) {
    CelExpr operand = expr.select().operand();
    if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT) {
      return;
    }
    String variable = operand.ident().name();
    String field = expr.select().field();
    Environment.fieldsOf(variable)
        .filter(fields -> !fields.containsKey(field))
        .ifPresent(
            fields -> {
              throw fieldError(
                  expr,
                  "unknown field '"
                      + field
                      + "' of "
                      + variable
                      + " (it has "
                      + String.join(", ", fields.keySet())
                      + ")");
            });
  }

  private void checkCall(CelCall call) {
    String function = call.function();
    List<CelExpr> args = call.args();
    if (call.target().isPresent()) {
      if (function.equals(Environment.IN_CIDR) && args.size() == 1) {
        literal(args.get(0))
            .ifPresent(
                cidr ->
                    check(
                        args.get(0), () -> literals.cidr(cidr), "malformed CIDR '" + cidr + "': "));
      } else if (ZONED_GETTERS.contains(function) && args.size() == 1) {
        checkZone(args.get(0));
      } else if (function.equals(Environment.BETWEEN_TIMES) && args.size() == 3) {
        checkWindow(args);
      }
    }
    if (function.equals("matches") && !args.isEmpty()) {
      CelExpr pattern = args.getLast();
      String regex =
          literal(pattern)
              .orElseThrow(() -> error(pattern, "matches takes a literal pattern ('...')"));
      check(pattern, () -> literals.pattern(regex), "");
    }
  }

  private void checkZone(CelExpr arg) {
    literal(arg).ifPresent(zone -> check(arg, () -> literals.zone(zone), ""));
  }

  private void checkWindow(List<CelExpr> args) {
    Optional<String> start = literal(args.get(0));
    Optional<String> end = literal(args.get(1));
    start.ifPresent(s -> check(args.get(0), () -> TimesOfDay.clockTime(s), ""));
    end.ifPresent(e -> check(args.get(1), () -> TimesOfDay.clockTime(e), ""));
    if (start.isPresent() && start.equals(end)) {
      throw error(args.get(1), "the window from " + start.get() + " to " + end.get() + " is empty");
    }
    checkZone(args.get(2));
  }

  private void check(CelExpr at, Runnable validation, String prefix) {
    try {
      validation.run();
    } catch (IllegalArgumentException e) {
      throw error(at, prefix + e.getMessage());
    }
  }

  private static Optional<String> literal(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
            && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE
        ? Optional.of(expr.constant().stringValue())
        : Optional.empty();
  }

  private ConditionSyntaxException error(CelExpr at, String message) {
    return SyntaxErrors.at(ast, at, text, message);
  }

  /** CEL places a macro at its opening parenthesis; the author wants the macro's name. */
  private ConditionSyntaxException macroError(CelExpr macro, String message) {
    int paren = ast.getSource().getPositionsMap().getOrDefault(macro.id(), -1);
    int at = paren < 0 ? paren : text.offsetByCodePoints(0, paren);
    int nameStart = at;
    while (nameStart > 0 && isNameChar(text.charAt(nameStart - 1))) {
      nameStart--; // ASCII only, so chars and code points step together
    }
    return SyntaxErrors.at(text, paren - (at - nameStart), message);
  }

  private static boolean isNameChar(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** CEL places a selection at its dot; the author wants the field name after it. */
  private ConditionSyntaxException fieldError(CelExpr select, String message) {
    int dot = ast.getSource().getPositionsMap().getOrDefault(select.id(), -1);
    return SyntaxErrors.at(text, dot < 0 ? dot : dot + 1, message);
  }
}
