package dev.latchkey.server.cli;

import picocli.CommandLine.Command;

/** {@code latchkey audit}: not written yet. */
@Command(name = "audit", description = "Not written yet.")
public final class AuditCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("latchkey audit is not written yet");
  }
}
