package dev.latchkey.server;

import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.Sealer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a node's key-encryption key comes from: the configuration, or, for a single node on SQLite
 * given none, {@code <data-dir>/encryption.key}, generated on the first start (mode 0600, written
 * to a temporary file and renamed into place, so it is never seen half-written) and read on later
 * starts. PostgreSQL nodes must be given the key: each would otherwise make its own.
 */
final class EncryptionKeys {
  static final String FILE = "encryption.key";

  private static final Logger LOG = LoggerFactory.getLogger(EncryptionKeys.class);

  private EncryptionKeys() {}

  /**
   * The sealer of a node; the caller holds the data dir's lock when it runs on SQLite.
   *
   * @throws IllegalStateException on PostgreSQL without a key
   * @throws IllegalArgumentException when a key is not 32 bytes in base64
   */
  static Sealer forServer(ServerConfig config) {
    if (config.encryptionKey().isPresent()) {
      return Sealer.envelope(config.encryptionKey().get(), config.previousEncryptionKeys());
    }
    if (config.databaseUrl().isPresent()) {
      throw new IllegalStateException(
          "with PostgreSQL, --encryption-key is required: every node must seal with the same"
              + " key-encryption key (make one with: openssl rand -base64 32)");
    }
    Path file = config.dataDir().resolve(FILE);
    ServerSecret key = read(file).orElseGet(() -> create(file));
    LOG.warn(
        "the encryption key is {}, beside the database it protects: whoever copies the data"
            + " directory can read what is sealed. In production pass --encryption-key from a"
            + " secret store (see docs/encryption.md)",
        file.toAbsolutePath());
    return Sealer.envelope(key, config.previousEncryptionKeys());
  }

  /** The key in {@code <dataDir>/encryption.key}, if there is one. */
  static Optional<ServerSecret> read(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ServerSecret.of(Files.readString(file, StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static ServerSecret create(Path file) {
    ServerSecret key = Sealer.newKeyEncryptionKey();
    Path tmp = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".tmp");
    byte[] bytes = (key.reveal() + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      try (FileChannel ch = open(tmp)) {
        ch.write(ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("generated a key-encryption key into {} (mode 0600)", file.toAbsolutePath());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      java.util.Arrays.fill(bytes, (byte) 0);
      deleteQuietly(tmp);
    }
  }

  private static FileChannel open(Path tmp) throws IOException {
    var create = List.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return FileChannel.open(
          tmp,
          java.util.Set.copyOf(create),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: create, then restrict with what it offers.
      FileChannel ch = FileChannel.open(tmp, java.util.Set.copyOf(create));
      java.io.File f = tmp.toFile();
      if (!(f.setReadable(false, false)
          && f.setReadable(true, true)
          && f.setWritable(false, false)
          && f.setWritable(true, true))) {
        ch.close();
        throw new IOException("cannot restrict access to " + tmp);
      }
      return ch;
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // a stray temporary file holds a key nobody uses; the data dir is the owner's alone
    }
  }
}
