package dev.latchkey.server;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink of type {@code memory}, for tests only: it keeps the last secret delivered for each key.
 * Settings: {@code label} (any text) and {@code fail} ({@code true}: every delivery is refused, as
 * an unreachable secret store would). Credential: {@code token}, which must not be blank.
 */
public final class MemorySinkDriver implements SinkDriver {
  public static final String TYPE = "memory";
  private static final Set<String> SETTINGS = Set.of("label", "fail");
  private static final Set<String> CREDENTIALS = Set.of("token");

  private final Map<String, String> lastSecret = new ConcurrentHashMap<>();
  private final List<String> deliveredKeys = new CopyOnWriteArrayList<>();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, String> problems(SinkConfig config) {
    Map<String, String> problems = new LinkedHashMap<>();
    config.settings().keySet().stream()
        .filter(n -> !SETTINGS.contains(n))
        .forEach(n -> problems.put("settings." + n, "is not a setting of memory sinks"));
    config.credentials().keySet().stream()
        .filter(n -> !CREDENTIALS.contains(n))
        .forEach(n -> problems.put("credentials." + n, "is not a credential of memory sinks"));
    if (config.credentials().containsKey("token") && config.credential("token").isEmpty()) {
      problems.put("credentials.token", "must not be blank");
    }
    return problems;
  }

  @Override
  public SinkReceipt deliver(SinkConfig config, Delivery delivery) {
    if (config.setting("fail").filter("true"::equals).isPresent()) {
      throw new SinkException("the memory sink refused the delivery", false);
    }
    lastSecret.put(delivery.keyId(), delivery.secret().reveal());
    deliveredKeys.add(delivery.keyId());
    return new SinkReceipt("memory:" + config.setting("label").orElse("default"));
  }

  /** The last secret delivered for {@code keyId}, in plain text. */
  public Optional<String> lastSecret(String keyId) {
    return Optional.ofNullable(lastSecret.get(keyId));
  }

  /** How many deliveries succeeded for {@code keyId}. */
  public long deliveries(String keyId) {
    return deliveredKeys.stream().filter(keyId::equals).count();
  }
}
