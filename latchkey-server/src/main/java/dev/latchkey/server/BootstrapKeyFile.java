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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the bootstrap root key to {@code <data-dir>/bootstrap-root-key}, created with mode 0600 in
 * the same call, so there is no moment at which another user can read it.
 */
final class BootstrapKeyFile {
  static final String NAME = "bootstrap-root-key";

  private BootstrapKeyFile() {}

  static Path write(Path dataDir, String secret) {
    Path file = dataDir.resolve(NAME);
    byte[] bytes = (secret + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      Files.deleteIfExists(file); // left by a start that failed before its commit
      try (SeekableByteChannel ch = Files.newByteChannel(file, CREATE, ownerOnly())) {
        ch.write(ByteBuffer.wrap(bytes));
      }
      return file;
    } catch (UnsupportedOperationException e) {
      return writeWithoutPosix(file, bytes);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("another process is writing " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static final Set<StandardOpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private static FileAttribute<?> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }

  /** Not a POSIX file system: create, then restrict with what the file system offers. */
  private static Path writeWithoutPosix(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      java.io.File f = file.toFile();
      boolean restricted =
          f.setReadable(false, false)
              && f.setReadable(true, true)
              && f.setWritable(false, false)
              && f.setWritable(true, true);
      if (!restricted) {
        throw new IllegalStateException("cannot restrict access to " + file);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
