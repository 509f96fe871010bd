package dev.latchkey.server.cli;

import picocli.CommandLine.Command;

/** {@code latchkey consumers}: not written yet. */
@Command(name = "consumers", description = "Not written yet.")
public final class ConsumersCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("latchkey consumers is not written yet");
  }
}
