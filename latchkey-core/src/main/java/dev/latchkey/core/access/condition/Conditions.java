package dev.latchkey.core.access.condition;

/**
 * Compiles access conditions: CEL expressions over the request, the key and the time (ABAC), such
 * as {@code request.method == 'GET' && request.ip.in_cidr('10.0.0.0/8')}.
 *
 * <h2>What a condition sees</h2>
 *
 * <ul>
 *   <li>{@code request}: {@code ip}, {@code method}, {@code path}, {@code service} (strings) and
 *       {@code headers} (a map from lower-case header name to value). What the caller of
 *       verification leaves out is the empty string or the empty map, never an error: {@code
 *       request.headers['x-team']} on a request without that header is an evaluation error (a
 *       missing map key), so test with {@code 'x-team' in request.headers} first.
 *   <li>{@code key}: {@code meta} (the key's JSON metadata; {@code key.meta.tier}, {@code
 *       has(key.meta.tier)}), {@code consumer} (the consumer id, or empty) and {@code created_at}
 *       (a timestamp).
 *   <li>{@code now}: the time of the verification, a timestamp.
 *   <li>CEL's standard functions and macros, including {@code now.getHours('Europe/Berlin')}, and:
 *       <ul>
 *         <li>{@code string.in_cidr(cidr)}: whether an IPv4 or IPv6 address literal is in a range
 *             such as {@code '10.0.0.0/8'} or {@code '2001:db8::/32'}; false for anything that is
 *             not an address literal (nothing is ever looked up by name).
 *         <li>{@code timestamp.time_of_day(zone)}: the local wall-clock time in minutes since
 *             midnight ({@code 9 * 60 + 30} for 09:30).
 *         <li>{@code timestamp.between_times('09:00', '17:30', zone)}: whether the local time is in
 *             {@code [start, end)}; a window such as {@code '22:00'} to {@code '06:00'} wraps past
 *             midnight.
 *       </ul>
 * </ul>
 *
 * Unknown variables and fields ({@code request.methd}), type errors ({@code request.method == 1}),
 * and malformed literal CIDRs, zones, times and patterns are compile errors with a position. {@code
 * matches} takes a literal pattern only.
 *
 * <h2>Cost</h2>
 *
 * A condition is at most {@value #MAX_LENGTH} code points, {@value #MAX_NODES} syntax nodes and
 * {@value #MAX_PARSE_DEPTH} levels of nesting; a macro ({@code all}, {@code exists}, {@code
 * exists_one}, {@code map}, {@code filter}) may not be used inside another macro's body (chaining,
 * {@code xs.filter(..).map(..)}, is fine), and one evaluation iterates at most {@value
 * #MAX_ITERATIONS} times in all its macros together; beyond that it is an {@code ERROR}. CEL has no
 * other loops and no recursion. Where work grows with the data, a per-evaluation budget of
 * 2,000,000 units is charged as it goes: {@code matches} (RE2, literal patterns: the text's length
 * times the program size), {@code contains} (linear-time search: the two lengths), concatenation
 * (the lengths copied; strings stop at 16 Ki characters, lists at 1,024 elements) and each read of
 * {@code key.meta} or {@code request.headers} (their size: the runtime adapts a map whole on every
 * access). Past the budget the evaluation is an {@code ERROR}. Input sizes are bounded where they
 * enter: {@code keys:verify} caps the request attributes, the management API the size of key
 * metadata.
 *
 * <p>Implementations are thread-safe; create one per server and compile each condition once.
 */
public interface Conditions {
  /** The longest condition, in code points. */
  int MAX_LENGTH = 1024;

  /** The most syntax nodes a condition may have, macros expanded. */
  int MAX_NODES = 256;

  /** The deepest nesting CEL's parser accepts (parentheses, operands, calls). */
  int MAX_PARSE_DEPTH = 32;

  /** How deeply macros may nest: 1, no macro inside another's body. */
  int MAX_MACRO_NESTING = 1;

  /** The most macro iterations one evaluation may run, all macros together. */
  int MAX_ITERATIONS = 100;

  /** A compiler with the environment described above. */
  static Conditions create() {
    return new CelConditions();
  }

  /**
   * Parses, type-checks and plans {@code expression}, which must be a {@code bool}.
   *
   * @throws ConditionSyntaxException when it does not compile or exceeds a limit; never anything
   *     else, whatever the text
   */
  Condition compile(String expression);
}
