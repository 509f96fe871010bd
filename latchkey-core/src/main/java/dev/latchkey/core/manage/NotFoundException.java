package dev.latchkey.core.manage;

import dev.latchkey.core.LatchkeyException;

/**
 * No such object in the caller's workspace. Objects of other workspaces are reported the same way,
 * so a caller cannot learn that they exist.
 */
public final class NotFoundException extends LatchkeyException {
  public NotFoundException(String type, String id) {
    super("no " + type + " with id " + id);
  }
}
