package dev.latchkey.server.cli;

import picocli.CommandLine.Command;

/** {@code latchkey services}: not written yet. */
@Command(name = "services", description = "Not written yet.")
public final class ServicesCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("latchkey services is not written yet");
  }
}
