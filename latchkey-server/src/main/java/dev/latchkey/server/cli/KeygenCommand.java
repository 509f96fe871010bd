package dev.latchkey.server.cli;

import picocli.CommandLine.Command;

/** {@code latchkey keygen}: not written yet. */
@Command(name = "keygen", description = "Not written yet.")
public final class KeygenCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("latchkey keygen is not written yet");
  }
}
