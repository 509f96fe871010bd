package dev.latchkey.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the bootstrap root key to {@code <data-dir>/bootstrap-root-key}, created with mode 0600 in
 * the same call, so there is no moment at which another user can read it.
 */
final class BootstrapKeyFile {
  static final String NAME = "bootstrap-root-key";

  private BootstrapKeyFile() {}

  static Path write(Path dataDir, String secret) {
    Path file = dataDir.resolve(NAME);
    try {
      Files.deleteIfExists(file); // left by an earlier data dir whose database was removed
      try (SeekableByteChannel ch =
          Files.newByteChannel(
              file,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        ch.write(ByteBuffer.wrap((secret + "\n").getBytes(StandardCharsets.US_ASCII)));
      }
      return file;
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("another process is writing " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
