package dev.latchkey.server.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} on every command. Unlike picocli's standard help options it adds no {@code -V}:
 * only the top command has a version to print.
 */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
