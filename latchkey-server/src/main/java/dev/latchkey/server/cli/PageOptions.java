package dev.latchkey.server.cli;

import picocli.CommandLine.Option;

/** {@code --page-size} and {@code --page-token} of every list command. */
final class PageOptions {
  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "20",
      description = "Items per page, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--page-token",
      paramLabel = "TOKEN",
      description = "The token printed after the previous page.")
  String token;
}
