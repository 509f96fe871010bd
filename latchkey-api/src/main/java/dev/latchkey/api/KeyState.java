package dev.latchkey.api;

/** Lifecycle state of a key, derived from its flags and the time. */
public enum KeyState {
  ACTIVE,
  DISABLED,
  EXPIRED,
  REVOKED
}
