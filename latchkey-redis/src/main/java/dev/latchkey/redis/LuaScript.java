package dev.latchkey.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), loaded on {@code NOSCRIPT}: after a Redis
 * restart or {@code SCRIPT FLUSH} the first call loads it again. Thread-safe.
 */
final class LuaScript {
  private final String text;
  private final String sha;

  LuaScript(String text) {
    this.text = text;
    this.sha = sha1(text);
  }

  /** Runs the script; Lettuce's exceptions pass through. */
  <T> T run(
      RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String[] args) {
    try {
      return redis.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException e) {
      redis.scriptLoad(text);
      return redis.evalsha(sha, type, keys, args);
    }
  }

  private static String sha1(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
