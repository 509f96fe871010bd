package dev.latchkey.core.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.latchkey.api.Json;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.store.SinkRow;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink drivers this server has, and the sealing of sinks' credentials: a sink's credentials are
 * stored as JSON sealed as {@link SealedColumn#SINK_CREDENTIALS} of the sink's id, so a sealed
 * value copied to another sink's row does not open there. Thread-safe.
 */
public final class SinkCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(SinkCatalog.class);

  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final Map<String, SinkDriver> drivers;
  private final Sealer sealer;

  public SinkCatalog(Iterable<SinkDriver> drivers, Sealer sealer) {
    Map<String, SinkDriver> byType = new LinkedHashMap<>();
    for (SinkDriver d : drivers) {
      if (byType.put(d.type(), d) != null) {
        throw new IllegalArgumentException("two sink drivers of type " + d.type());
      }
    }
    this.drivers = Map.copyOf(byType);
    this.sealer = sealer;
  }

  /** The types of sink that may be created here, sorted. */
  public Set<String> types() {
    return new TreeSet<>(drivers.keySet());
  }

  public Optional<SinkDriver> driver(String type) {
    return Optional.ofNullable(drivers.get(type));
  }

  /**
   * The sealed form of {@code credentials} for the sink {@code sinkId}; null when there are none.
   */
  public String seal(String sinkId, Map<String, String> credentials) {
    if (credentials.isEmpty()) {
      return null;
    }
    try {
      byte[] json = Json.mapper().writeValueAsBytes(credentials);
      return sealer.seal(json, context(sinkId));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always writes", e);
    }
  }

  /** The configuration a driver needs for {@code sink}, its credentials opened. */
  public SinkConfig config(SinkRow sink) {
    Map<String, String> credentials = Map.of();
    if (sink.sealedCredentials() != null) {
      byte[] json = sealer.open(sink.sealedCredentials(), context(sink.id()));
      try {
        credentials = Json.mapper().readValue(new String(json, StandardCharsets.UTF_8), STRINGS);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("sealed credentials of " + sink.id() + " are not JSON", e);
      }
    }
    return new SinkConfig(sink.settings(), credentials);
  }

  /**
   * Delivers through {@code sink}'s driver.
   *
   * @throws SinkException when the delivery failed, the sink's type has no driver here, or its
   *     credentials do not open; an unexpected failure of the driver becomes one too (that may have
   *     arrived), so callers handle one exception
   */
  public SinkReceipt deliver(SinkRow sink, Delivery delivery) {
    SinkDriver driver = drivers.get(sink.type());
    if (driver == null) {
      throw new SinkException("this server has no driver for sinks of type " + sink.type(), false);
    }
    SinkConfig config;
    try {
      config = config(sink);
    } catch (RuntimeException e) {
      // Nothing was sent: the credentials did not open (another key-encryption key).
      throw new SinkException("the sink's credentials do not open: " + e.getMessage(), false, e);
    }
    try {
      return driver.deliver(config, delivery);
    } catch (SinkException e) {
      throw e;
    } catch (RuntimeException e) {
      // A driver's bug, not its safe message: name the failure's kind only; it may have sent.
      LOG.warn("sink {} of type {} failed unexpectedly", sink.id(), sink.type(), e);
      throw new SinkException("the sink failed: " + e.getClass().getSimpleName(), true, e);
    }
  }

  private static String context(String sinkId) {
    return SealedColumn.SINK_CREDENTIALS.context(sinkId);
  }
}
