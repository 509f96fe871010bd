package dev.latchkey.secrets.file;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Scheme {@code file}: {@code file:/run/secrets/db-password} is the content of that file, read anew
 * on each fetch (so a Kubernetes or Docker secret mount that is replaced is picked up on the next
 * refresh). The path must be absolute. Exactly one trailing line break ({@code "\n"} or {@code
 * "\r\n"}) is removed, since editors and {@code echo} add one; any other whitespace is kept. The
 * file must be UTF-8. Thread-safe.
 */
public final class FileProvider implements SecretProvider {
  private FileProvider() {}

  /** The provider. */
  public static FileProvider create() {
    return new FileProvider();
  }

  @Override
  public String scheme() {
    return "file";
  }

  /**
   * @throws SecretUnavailableException when the path is not absolute, the file is missing,
   *     unreadable, a directory, not UTF-8 or empty; the message names the path, never the content
   */
  @Override
  public ServerSecret fetch(SecretReference reference) {
    Path path = Path.of(reference.body());
    if (!path.isAbsolute()) {
      throw new SecretUnavailableException("file:" + path + " is not an absolute path");
    }
    String text = read(path);
    if (text.endsWith("\r\n")) {
      text = text.substring(0, text.length() - 2);
    } else if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isEmpty()) {
      throw new SecretUnavailableException("file:" + path + " is empty");
    }
    return ServerSecret.of(text);
  }

  private static String read(Path path) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path)))
          .toString();
    } catch (NoSuchFileException e) {
      throw new SecretUnavailableException("file:" + path + " does not exist");
    } catch (CharacterCodingException e) {
      throw new SecretUnavailableException("file:" + path + " is not UTF-8 text");
    } catch (IOException e) {
      throw new SecretUnavailableException(
          "file:" + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
