package dev.latchkey.core.access.condition;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.CelStandardFunctions.StandardFunction;

/**
 * {@link Conditions} on cel-java: parse (length, depth and node limits in CEL's own parser), {@link
 * StaticChecks}, type-check against {@link Environment}, require a boolean, plan. The compiler and
 * runtime are immutable and thread-safe; the only shared mutable state is the cache of {@link
 * Literals}.
 *
 * <p>The runtime is cel-java's program planner, not the legacy interpreter that {@code
 * standardCelRuntimeBuilder()} still builds in 0.14: the legacy one dispatches every operator
 * through a stream-based overload search, about 0.5 us for a single {@code ==}, where the planner
 * binds overloads once. The planner converts a plain map variable entry by entry on every access,
 * which is why {@link InputVariables} hands it struct values instead.
 */
final class CelConditions implements Conditions {
  private final Literals literals = new Literals();
  private final CelCompiler compiler;
  private final CelRuntime runtime;

  CelConditions() {
    CelOptions options = options();
    compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(Environment.typeProvider())
            .addVar(Environment.REQUEST, Environment.REQUEST_TYPE)
            .addVar(Environment.KEY, Environment.KEY_TYPE)
            .addVar(Environment.NOW, SimpleType.TIMESTAMP)
            .addFunctionDeclarations(Environment.functions())
            .build();
    runtime =
        CelRuntimeFactory.plannerRuntimeBuilder()
            .setOptions(options)
            .setStandardFunctions(
                CelStandardFunctions.newBuilder()
                    // Replaced by ours (Functions): matches with compiled literal patterns,
                    // concatenation that cannot grow without limit, a linear substring test.
                    .filterFunctions(
                        (function, overload) ->
                            function != StandardFunction.MATCHES
                                && !Functions.REPLACED.contains(overload))
                    .build())
            .addFunctionBindings(Functions.bindings(literals))
            .build();
  }

  private static CelOptions options() {
    return CelOptions.current()
        .maxExpressionCodePointSize(MAX_LENGTH)
        .maxParseRecursionDepth(MAX_PARSE_DEPTH)
        .maxParseExpressionNodeCount(MAX_NODES)
        .comprehensionMaxIterations(MAX_ITERATIONS)
        .maxRegexProgramSize(Literals.MAX_PROGRAM_SIZE)
        // JSON metadata decides whether a number is 3 or 3.0; a rule's `== 3` should not care.
        .enableHeterogeneousNumericComparisons(true)
        .build();
  }

  @Override
  public Condition compile(String expression) {
    String text = expression == null ? "" : expression;
    try {
      return compileChecked(text);
    } catch (ConditionSyntaxException e) {
      throw e;
    } catch (RuntimeException e) {
      // A failure inside cel-java on odd input is still the caller's expression that does not
      // compile; report it as such, keeping the cause for the logs.
      throw new ConditionSyntaxException("the condition could not be compiled", e);
    }
  }

  private Condition compileChecked(String text) {
    int length = text.codePointCount(0, text.length());
    if (length > MAX_LENGTH) {
      throw SyntaxErrors.at(
          text, MAX_LENGTH, "a condition is at most " + MAX_LENGTH + " characters");
    }
    if (text.isBlank()) {
      throw new ConditionSyntaxException(0, "the condition is empty");
    }
    CelAbstractSyntaxTree parsed = astOf(compiler.parse(text), text);
    StaticChecks.check(parsed, text, literals);
    CelAbstractSyntaxTree checked = astOf(compiler.check(parsed), text);
    CelKind kind = checked.getResultType().kind();
    if (kind != CelKind.BOOL && kind != CelKind.DYN) {
      String type =
          switch (kind) {
            case TIMESTAMP -> "timestamp";
            case DURATION -> "duration";
            default -> checked.getResultType().name();
          };
      throw SyntaxErrors.at(text, 0, "a condition must be a bool, not " + type);
    }
    try {
      return new CompiledCondition(text, runtime.createProgram(checked));
    } catch (CelEvaluationException e) {
      throw new ConditionSyntaxException("the condition could not be planned", e);
    }
  }

  private static CelAbstractSyntaxTree astOf(CelValidationResult result, String text) {
    if (result.hasError()) {
      throw SyntaxErrors.of(result, text);
    }
    try {
      return result.getAst();
    } catch (CelValidationException e) {
      throw SyntaxErrors.of(result, text);
    }
  }
}
