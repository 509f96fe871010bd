package dev.latchkey.server.cli;

/**
 * Local input the command cannot use (no root key, unreadable file, bad JSON): reported on stderr
 * with exit code {@link ExitCodes#USAGE}, without the full usage text picocli prints for a bad
 * option. Its message never holds a secret.
 */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
