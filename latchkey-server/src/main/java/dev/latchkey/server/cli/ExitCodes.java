package dev.latchkey.server.cli;

import dev.latchkey.client.ForbiddenException;
import dev.latchkey.client.LatchkeyApiException;
import dev.latchkey.client.LatchkeyConnectionException;
import dev.latchkey.client.LatchkeyException;
import dev.latchkey.client.LatchkeyProtocolException;
import dev.latchkey.client.UnauthorizedException;

/**
 * The exit codes scripts can rely on. Documented in every command's footer and in {@code
 * docs/cli.md}; changing one is a breaking change.
 */
public final class ExitCodes {
  /** Success; for {@code keys verify}, the key is VALID. */
  public static final int OK = 0;

  /**
   * {@code keys verify}: the server answered, and the key is not VALID (the code is printed);
   * {@code keys rotate-now}: the delivery failed, the rotation is pending and will be retried;
   * {@code audit verify}: the audit chain is broken (the first bad event is printed); {@code scan}:
   * keys were found; {@code rewrap}: a sealed value did not open (its row is printed).
   */
  public static final int NOT_VALID = 1;

  /** Bad command line or local input: unknown option, bad value, no root key. */
  public static final int USAGE = 2;

  /** The API refused the request: a 4xx other than 401 and 403. */
  public static final int REFUSED = 3;

  /** Authentication or permission: 401 or 403. */
  public static final int AUTH = 4;

  /**
   * Server error or unreachable: a 5xx, a connection failure, a timeout, an unreadable answer;
   * {@code rewrap}: the database is unreachable, or a server holds the SQLite data dir.
   */
  public static final int UNAVAILABLE = 5;

  /** The CLI or the server it started failed in a way that is a bug or a broken environment. */
  public static final int INTERNAL = 70;

  /** The exit code table, as a picocli footer ({@code %n} is a line break). */
  public static final String FOOTER =
      "%nExit codes:%n"
          + "  0  success (keys verify: the key is VALID)%n"
          + "  1  keys verify: the key is not VALID; audit verify: the chain is broken;%n"
          + "     scan: keys were found; rewrap: a sealed value did not open;%n"
          + "     keys rotate-now: the delivery failed, retried later%n"
          + "  2  usage error: bad option or value, no root key%n"
          + "  3  the API refused the request (4xx other than 401/403)%n"
          + "  4  authentication or permission refused (401/403)%n"
          + "  5  server error or unreachable (5xx, connection, timeout)%n"
          + " 70  internal error of the CLI itself (a bug)%n"
          + "Environment: LATCHKEY_URL, LATCHKEY_ROOT_KEY.";

  private ExitCodes() {}

  /** The code for a failed call. */
  static int of(LatchkeyException failure) {
    return switch (failure) {
      case UnauthorizedException e -> AUTH;
      case ForbiddenException e -> AUTH;
      case LatchkeyApiException e -> e.status() >= 400 && e.status() < 500 ? REFUSED : UNAVAILABLE;
      case LatchkeyConnectionException e -> UNAVAILABLE;
      case LatchkeyProtocolException e -> UNAVAILABLE;
    };
  }
}
