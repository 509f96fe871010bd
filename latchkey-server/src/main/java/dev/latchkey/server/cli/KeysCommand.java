package dev.latchkey.server.cli;

import picocli.CommandLine.Command;

/** {@code latchkey keys}: not written yet. */
@Command(name = "keys", description = "Not written yet.")
public final class KeysCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("latchkey keys is not written yet");
  }
}
