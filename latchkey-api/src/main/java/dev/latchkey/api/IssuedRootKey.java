package dev.latchkey.api;

/** Response of a root key's creation: the only time its secret is shown. */
public record IssuedRootKey(String key, RootKey data) {
  @Override
  public String toString() {
    return "IssuedRootKey[key=<redacted>, data=" + data + "]";
  }
}
