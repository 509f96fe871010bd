package dev.latchkey.server.rotation;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink driver of type {@code memory} for tests: keeps the last secret delivered per key, and can
 * be told to refuse, to time out (the secret may have arrived), or to die after writing, the way a
 * node killed mid-rotation would leave things.
 */
final class MemorySink implements SinkDriver {
  /** What the next deliveries do. */
  enum Mode {
    WRITE,
    REFUSE,
    TIME_OUT,
    WRITE_THEN_DIE
  }

  /** Thrown past the rotation code, as a process death would stop it: nothing after it runs. */
  static final class NodeDied extends Error {
    NodeDied() {
      super("the node died here", null, false, false);
    }
  }

  private final Map<String, String> latest = new ConcurrentHashMap<>();
  private final List<String> deliveries = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.WRITE;

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** The secret last written for {@code keyId}. */
  Optional<String> secretOf(String keyId) {
    return Optional.ofNullable(latest.get(keyId));
  }

  /** Every key id a delivery wrote, in order. */
  List<String> deliveries() {
    return List.copyOf(deliveries);
  }

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public Map<String, String> problems(SinkConfig config) {
    return Map.of();
  }

  @Override
  public SinkReceipt deliver(SinkConfig config, Delivery delivery) {
    switch (mode) {
      case REFUSE -> throw new SinkException("the sink refused the write (403)", false);
      case TIME_OUT -> {
        latest.put(delivery.keyId(), delivery.secret().reveal());
        throw new SinkException("the sink did not answer in time", true);
      }
      default -> {}
    }
    latest.put(delivery.keyId(), delivery.secret().reveal());
    deliveries.add(delivery.keyId());
    if (mode == Mode.WRITE_THEN_DIE) {
      throw new NodeDied();
    }
    return new SinkReceipt("memory:" + delivery.keyId());
  }
}
