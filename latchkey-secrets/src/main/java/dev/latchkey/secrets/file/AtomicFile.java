package dev.latchkey.secrets.file;

import dev.latchkey.core.sink.SinkException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file the way the kubelet updates a mounted Secret, so that a reader sees the old
 * content or the new and never a part: a temporary file in the same directory, created with mode
 * 0600 (never readable by others, not even for a moment), written and flushed to disk, renamed over
 * the target (atomic on POSIX), then the directory flushed so the rename survives a crash.
 */
final class AtomicFile {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
  private static final FileAttribute<Set<PosixFilePermission>> FILE_0600 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final FileAttribute<Set<PosixFilePermission>> DIR_0700 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private AtomicFile() {}

  /**
   * Writes {@code content} to {@code target}, which must lie under {@code root}, and zeroes {@code
   * content} afterwards.
   *
   * @throws SinkException mayHaveArrived false when the target was not replaced
   */
  static void replace(Path root, Path target, byte[] content) {
    try {
      Path dir = directoryUnder(root, target);
      Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", FILE_0600);
      try {
        write(temp, content);
        Files.move(
            temp,
            dir.resolve(target.getFileName()),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp);
        throw e;
      }
    } catch (AtomicMoveNotSupportedException e) {
      throw new SinkException(
          "cannot replace " + target + " atomically on this file system", false);
    } catch (IOException e) {
      throw new SinkException("cannot write " + target + ": " + describe(e), false, e);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
    syncDirectory(target.getParent());
  }

  /**
   * The target's directory, made if missing one level at a time, each level checked to be under the
   * root once symbolic links are followed, so that nothing is made or written outside it.
   */
  private static Path directoryUnder(Path root, Path target) throws IOException {
    Files.createDirectories(root, DIR_0700);
    Path realRoot = root.toRealPath();
    Path current = realRoot;
    for (Path segment : root.relativize(target.getParent())) {
      Path next = current.resolve(segment.toString());
      if (Files.notExists(next, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(next, DIR_0700);
      }
      current = next.toRealPath();
      if (!current.startsWith(realRoot) || !Files.isDirectory(current)) {
        throw new SinkException(
            "the path " + root.relativize(target) + " leads out of the sink file root", false);
      }
    }
    return current;
  }

  private static void write(Path temp, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  /** Flushes the rename to disk; the file is already in place, so a failure only warns. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.warn("replaced a file in {} but could not flush the directory: {}", dir, describe(e));
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
