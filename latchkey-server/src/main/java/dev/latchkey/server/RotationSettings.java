package dev.latchkey.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the node's rotation scheduler runs.
 *
 * @param poll how often it looks for due rotations (it is also woken when one is started here)
 * @param notice how long ahead of a rotation {@code rotation_upcoming} is raised; zero for never
 * @param schedule false for a node that runs no rounds by itself (tests call them)
 * @param fileSinkRoot the directory {@code file} sinks write under; empty for {@code
 *     <data-dir>/sinks}
 * @param publicUrl where clients reach this server, the base of one-time links; empty for the
 *     listener's own {@code http://host:port}
 */
public record RotationSettings(
    Duration poll,
    Duration notice,
    boolean schedule,
    Optional<Path> fileSinkRoot,
    Optional<String> publicUrl) {
  public RotationSettings {
    Objects.requireNonNull(poll);
    Objects.requireNonNull(notice);
    Objects.requireNonNull(fileSinkRoot);
    Objects.requireNonNull(publicUrl);
    publicUrl.ifPresent(RotationSettings::checkUrl);
    if (poll.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("the poll must be at least PT0.1S");
    }
    if (notice.isNegative()) {
      throw new IllegalArgumentException("the notice must not be negative");
    }
  }

  /** A look every ten seconds; a day's notice. */
  public static RotationSettings defaults() {
    return new RotationSettings(
        Duration.ofSeconds(10), Duration.ofDays(1), true, Optional.empty(), Optional.empty());
  }

  public RotationSettings withPoll(Duration poll) {
    return new RotationSettings(poll, notice, schedule, fileSinkRoot, publicUrl);
  }

  public RotationSettings withNotice(Duration notice) {
    return new RotationSettings(poll, notice, schedule, fileSinkRoot, publicUrl);
  }

  public RotationSettings withoutSchedule() {
    return new RotationSettings(poll, notice, false, fileSinkRoot, publicUrl);
  }

  public RotationSettings withFileSinkRoot(Path root) {
    return new RotationSettings(poll, notice, schedule, Optional.of(root), publicUrl);
  }

  public RotationSettings withPublicUrl(String url) {
    return new RotationSettings(poll, notice, schedule, fileSinkRoot, Optional.of(url));
  }

  private static void checkUrl(String url) {
    java.net.URI uri;
    try {
      uri = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the public URL is not a URL");
    }
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "the public URL must be http(s)://host[:port][/path], without query or fragment");
    }
  }
}
