package dev.latchkey.secrets.vault;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Sink type {@code vault}: writes a key's secret into one field of a HashiCorp Vault KV v2 secret,
 * keeping its other fields: it reads the current version, changes the one field, and writes the
 * whole back with check-and-set on the version read, trying again (up to {@value #ATTEMPTS} times
 * in all) when another writer came in between.
 *
 * <p>Settings: {@code address} ({@code https://vault:8200}), {@code mount} (default {@code
 * secret}), {@code path} (required), {@code field} (default {@code api_key}), {@code namespace}
 * (optional). Credentials: {@code token}, or {@code role_id} and {@code secret_id} (AppRole,
 * logging in for each delivery). The token needs {@code read} and {@code create}/{@code update} on
 * {@code <mount>/data/<path>}.
 *
 * <p>Thread-safe and stateless. Timeouts: 5 s to connect, 10 s per request.
 */
public final class VaultSinkDriver implements SinkDriver {
  static final int ATTEMPTS = 3;

  private final HttpClient http;
  private final Clock clock;
  private final Duration requestTimeout;

  VaultSinkDriver(HttpClient http, Clock clock, Duration requestTimeout) {
    this.http = http;
    this.clock = clock;
    this.requestTimeout = requestTimeout;
  }

  /** The driver, with production timeouts. */
  public static VaultSinkDriver create() {
    return new VaultSinkDriver(
        VaultClient.newHttpClient(VaultProvider.CONNECT_TIMEOUT),
        Clock.systemUTC(),
        VaultProvider.REQUEST_TIMEOUT);
  }

  @Override
  public String type() {
    return "vault";
  }

  @Override
  public Map<String, String> problems(SinkConfig config) {
    return VaultSinkSettings.problems(config);
  }

  /**
   * @throws SinkException with {@code mayHaveArrived} false when Vault refused (4xx, a login
   *     refused), could not be reached, or the read before the write failed; true when the write
   *     was sent and Vault failed (5xx) or did not answer in time
   */
  @Override
  public SinkReceipt deliver(SinkConfig config, Delivery delivery) {
    Map<String, String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new SinkException("the Vault sink is misconfigured: " + problems, false);
    }
    VaultSinkSettings sink = VaultSinkSettings.of(config);
    VaultClient client = new VaultClient(http, sink.connection(), clock, requestTimeout);
    int version = putField(client, sink, delivery.secret().reveal());
    return new SinkReceipt(
        "vault:" + sink.mount() + "/data/" + sink.path() + " version " + version);
  }

  private static int putField(VaultClient client, VaultSinkSettings sink, String secret) {
    for (int attempt = 1; ; attempt++) {
      Optional<KvSecret> current = read(client, sink);
      var fields = current.map(KvSecret::data).orElseGet(VaultJson.MAPPER::createObjectNode);
      fields.put(sink.field(), secret);
      try {
        return client.write(
            sink.mount(), sink.path(), current.map(KvSecret::version).orElse(0), fields);
      } catch (VaultFailure e) {
        if (e.kind() != VaultFailure.Kind.CAS_MISMATCH || attempt == ATTEMPTS) {
          boolean mayHaveArrived =
              e.kind() == VaultFailure.Kind.NO_ANSWER || e.kind() == VaultFailure.Kind.SERVER_ERROR;
          throw failed(sink, "writing", e, mayHaveArrived);
        }
      }
    }
  }

  private static Optional<KvSecret> read(VaultClient client, VaultSinkSettings sink) {
    try {
      return client.read(sink.mount(), sink.path());
    } catch (VaultFailure e) {
      throw failed(sink, "reading", e, false);
    }
  }

  private static SinkException failed(
      VaultSinkSettings sink, String doing, VaultFailure e, boolean mayHaveArrived) {
    String what =
        e.kind() == VaultFailure.Kind.CAS_MISMATCH
            ? "other writers kept changing it (" + ATTEMPTS + " check-and-set attempts)"
            : e.getMessage();
    return new SinkException(
        "Vault at "
            + sink.connection().address()
            + ", "
            + doing
            + " "
            + sink.mount()
            + "/"
            + sink.path()
            + ": "
            + what,
        mayHaveArrived,
        e);
  }
}
