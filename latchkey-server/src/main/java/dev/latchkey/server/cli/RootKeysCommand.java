package dev.latchkey.server.cli;

import picocli.CommandLine.Command;

/** {@code latchkey root-keys}: not written yet. */
@Command(name = "root-keys", description = "Not written yet.")
public final class RootKeysCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("latchkey root-keys is not written yet");
  }
}
