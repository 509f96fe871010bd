package dev.latchkey.secrets.vault;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A field of a KV v2 secret: {@code secret/latchkey#db_password} is field {@code db_password} of
 * the secret {@code latchkey} in the engine mounted at {@code secret}.
 */
record KvPath(String mount, String path, String field) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._@+=,:~-]+");

  /** Parses {@code mount/path#field}; empty when malformed. */
  static Optional<KvPath> parse(String text) {
    int hash = text.lastIndexOf('#');
    int slash = text.indexOf('/');
    if (hash < 0 || slash <= 0 || slash > hash) {
      return Optional.empty();
    }
    String mount = text.substring(0, slash);
    String path = text.substring(slash + 1, hash);
    String field = text.substring(hash + 1);
    if (!isPath(mount) || !isPath(path) || field.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new KvPath(mount, path, field));
  }

  /** Whether {@code text} is a relative path of plain segments (no {@code ..}, no empty one). */
  static boolean isPath(String text) {
    if (text.isEmpty() || text.startsWith("/") || text.endsWith("/")) {
      return false;
    }
    for (String segment : text.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".") || !SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return mount + "/" + path + "#" + field;
  }
}
