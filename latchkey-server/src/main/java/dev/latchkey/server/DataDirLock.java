package dev.latchkey.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <data-dir>/latchkey.lock} for the life of a node. Two nodes on one
 * SQLite file would each cache credentials the other revokes; until nodes follow a shared change
 * feed, the second one refuses to start. The operating system releases the lock if the process
 * dies.
 */
final class DataDirLock implements AutoCloseable {
  static final String NAME = "latchkey.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** No lock: the node keeps no database in its data dir. */
  static DataDirLock none() {
    return new DataDirLock(null, null);
  }

  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve(NAME);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalStateException(
            "another Latchkey server is using " + dataDir.toAbsolutePath() + "; stop it first");
      }
      return new DataDirLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new IllegalStateException(
          "another Latchkey server (in this process) is using " + dataDir.toAbsolutePath(), e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + file, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public void close() {
    if (lock == null) {
      return;
    }
    try {
      lock.release();
    } catch (IOException e) {
      // the channel close below releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
