package dev.latchkey.server;

import picocli.CommandLine.Command;

/** {@code latchkey server}: not written yet. */
@Command(name = "server", description = "Runs the Latchkey server.")
final class ServerCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("not written yet");
  }
}
