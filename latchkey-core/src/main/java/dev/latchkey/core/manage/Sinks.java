package dev.latchkey.core.manage;

import dev.latchkey.api.CreateSink;
import dev.latchkey.api.Sink;
import dev.latchkey.api.UpdateSink;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.sink.SinkCatalog;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.SinkRow;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sinks: created, changed, read and deleted by root keys confined to no service (a sink writes
 * wherever its credentials reach). Settings are checked by the type's driver; credentials are
 * stored sealed and never returned, only their names. Thread-safe.
 */
public final class Sinks {
  private static final Logger LOG = LoggerFactory.getLogger(Sinks.class);

  /** Sinks a workspace may have, at most. */
  public static final int MAX_SINKS = 100;

  static final int MAX_ENTRIES = 32;
  static final int MAX_VALUE = 4096;

  private final Store store;
  private final SinkCatalog catalog;

  public Sinks(Store store, SinkCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  public Sink create(MutationContext m, CreateSink cmd) {
    requireUnconfined(m);
    Validation v = new Validation();
    String name = v.text("name", v.required("name", cmd.name()), 100);
    String type = v.required("type", cmd.type());
    Map<String, String> settings = entries(v, "settings", cmd.settings());
    Map<String, String> credentials = entries(v, "credentials", cmd.credentials());
    v.throwIfAny();
    check(v, type, settings, credentials);
    if (m.tx().sinks().list(m.workspaceId(), PageRequest.first(MAX_SINKS)).items().size()
        >= MAX_SINKS) {
      throw new ConflictException("name", "a workspace has at most " + MAX_SINKS + " sinks");
    }
    String id = Ids.newId("snk");
    SinkRow row =
        new SinkRow(
            id,
            m.workspaceId(),
            name,
            type,
            settings,
            catalog.seal(id, credentials),
            m.now(),
            m.now());
    try {
      m.tx().sinks().insert(row);
    } catch (DuplicateException e) {
      throw new ConflictException("name", "a sink with this name exists");
    }
    m.changed("sink", id, "created", Map.of("type", type, "credentials", names(credentials)));
    return toApi(row, credentials.keySet());
  }

  public Sink update(MutationContext m, String id, UpdateSink cmd) {
    requireUnconfined(m);
    SinkRow old = found(m, id);
    Validation v = new Validation();
    String name = cmd.name() == null ? old.name() : v.text("name", cmd.name(), 100);
    Map<String, String> settings =
        cmd.settings() == null ? old.settings() : entries(v, "settings", cmd.settings());
    if (cmd.settings() != null && cmd.credentials() == null && old.sealedCredentials() != null) {
      v.fail(
          "credentials",
          "must be given again when the settings change: credentials never follow a sink to a new"
              + " address");
    }
    Map<String, String> credentials =
        cmd.credentials() == null
            ? catalog.config(old).credentials()
            : entries(v, "credentials", cmd.credentials());
    v.throwIfAny();
    check(v, old.type(), settings, credentials);
    SinkRow row =
        new SinkRow(
            id,
            old.workspaceId(),
            name,
            old.type(),
            settings,
            cmd.credentials() == null ? old.sealedCredentials() : catalog.seal(id, credentials),
            old.createdAt(),
            m.now());
    try {
      m.tx().sinks().update(row);
    } catch (DuplicateException e) {
      throw new ConflictException("name", "a sink with this name exists");
    }
    m.changed(
        "sink",
        id,
        "updated",
        Map.of("settings", cmd.settings() != null, "credentials", cmd.credentials() != null));
    return toApi(row, credentials.keySet());
  }

  public Sink get(Principal p, String id) {
    checkId(id);
    SinkRow row =
        store
            .read(tx -> tx.sinks().find(p.workspaceId(), id))
            .orElseThrow(() -> new NotFoundException("sink", id));
    return toApi(row, credentialNames(row));
  }

  public Slice<Sink> list(Principal p, PageRequest page) {
    Slice<SinkRow> rows = store.read(tx -> tx.sinks().list(p.workspaceId(), page));
    return new Slice<>(
        rows.items().stream().map(r -> toApi(r, credentialNames(r))).toList(), rows.next());
  }

  /** Deletes a sink no policy names. */
  public void delete(MutationContext m, String id) {
    requireUnconfined(m);
    found(m, id);
    if (m.tx().sinks().isUsed(m.workspaceId(), id)) {
      throw new ConflictException("id", "a rotation policy names this sink; change it first");
    }
    m.tx().sinks().delete(m.workspaceId(), id);
    m.changed("sink", id, "deleted", Map.of());
  }

  private void check(
      Validation v, String type, Map<String, String> settings, Map<String, String> credentials) {
    SinkDriver driver =
        catalog
            .driver(type)
            .orElseThrow(
                () -> InvalidInputException.of("type", "must be one of " + catalog.types()));
    driver.problems(new SinkConfig(settings, credentials)).forEach(v::fail);
    v.throwIfAny();
  }

  private static Map<String, String> entries(
      Validation v, String field, Map<String, String> values) {
    if (values == null) {
      return Map.of();
    }
    if (values.size() > MAX_ENTRIES) {
      v.fail(field, "must have at most " + MAX_ENTRIES + " entries");
    }
    values.forEach(
        (k, value) -> {
          if (k == null || !k.matches("[a-z][a-z0-9_]{0,63}")) {
            v.fail(field, "names must match [a-z][a-z0-9_]{0,63}");
          } else if (value == null || value.length() > MAX_VALUE) {
            v.fail(field + "." + k, "must be a string of at most " + MAX_VALUE + " characters");
          }
        });
    Map<String, String> kept = new java.util.LinkedHashMap<>();
    values.forEach(
        (k, value) -> {
          if (k != null && value != null) {
            kept.put(k, value);
          }
        });
    return Map.copyOf(kept);
  }

  private static SinkRow found(MutationContext m, String id) {
    checkId(id);
    return m.tx()
        .sinks()
        .find(m.workspaceId(), id)
        .orElseThrow(() -> new NotFoundException("sink", id));
  }

  private static void checkId(String id) {
    if (!Ids.isValid("snk", id)) {
      throw InvalidInputException.of("id", "is not a snk_ id");
    }
  }

  private static void requireUnconfined(MutationContext m) {
    m.requireUnconfined(
        "a sink writes wherever its credentials reach: only a root key confined to no service"
            + " may manage sinks");
  }

  /**
   * Checks that the caller may name sink {@code sinkId} (in a policy or a rotation) and that it
   * exists in the workspace.
   */
  static void requireNameable(MutationContext m, String sinkId) {
    m.requireUnconfined(
        "a sink writes wherever its credentials reach: only a root key confined to no service"
            + " may name one");
    if (m.tx().sinks().find(m.workspaceId(), sinkId).isEmpty()) {
      throw InvalidInputException.of("sink", "no sink with id " + sinkId);
    }
  }

  private static List<String> names(Map<String, String> credentials) {
    return List.copyOf(new TreeSet<>(credentials.keySet()));
  }

  private static Sink toApi(SinkRow r, Set<String> credentialNames) {
    return new Sink(
        r.id(),
        r.name(),
        r.type(),
        r.settings(),
        List.copyOf(new TreeSet<>(credentialNames)),
        r.createdAt(),
        r.updatedAt());
  }

  /** The names of a stored sink's credentials; none when they no longer open (logged). */
  private Set<String> credentialNames(SinkRow r) {
    try {
      return catalog.config(r).credentials().keySet();
    } catch (SealException e) {
      LOG.warn("the credentials of sink {} do not open: {}", r.id(), e.getMessage());
      return Set.of();
    }
  }
}
