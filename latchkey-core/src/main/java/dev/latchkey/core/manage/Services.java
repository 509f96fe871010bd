package dev.latchkey.core.manage;

import dev.latchkey.api.CreateService;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateService;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Use cases of services. Thread-safe. */
public final class Services {
  private final Store store;

  public Services(Store store) {
    this.store = store;
  }

  /** Creates a service; a root key confined to services may not (it could not use it). */
  public Service create(MutationContext m, CreateService cmd) {
    if (m.caller().principal().services().confined()) {
      throw new ForbiddenException("a root key confined to services cannot create services");
    }
    Validation v = new Validation();
    String name = v.text("name", v.required("name", cmd.name()), Validation.MAX_NAME);
    prefix(v, cmd.prefix());
    v.throwIfAny();
    String prefix = cmd.prefix() == null ? KeyFormat.DEFAULT_PREFIX : cmd.prefix();
    Service service = new Service(Ids.newId("svc"), name, prefix, m.now(), m.now());
    m.tx().services().insert(m.workspaceId(), service);
    m.changed("service", service.id(), "created", Map.of("name", service.name(), "prefix", prefix));
    return service;
  }

  public Service update(MutationContext m, String id, UpdateService cmd) {
    Validation v = new Validation();
    v.id("id", "svc", id);
    String name = v.text("name", cmd.name(), Validation.MAX_NAME);
    prefix(v, cmd.prefix());
    v.throwIfAny();
    Service old =
        m.tx()
            .services()
            .findForUpdate(m.workspaceId(), id)
            .filter(found -> m.caller().principal().inScope(found.id()))
            .orElseThrow(() -> notFound(id));
    Service updated =
        new Service(
            id,
            name == null ? old.name() : name,
            cmd.prefix() == null ? old.prefix() : cmd.prefix(),
            old.createdAt(),
            m.now());
    m.tx().services().update(m.workspaceId(), updated);
    List<String> fields = new ArrayList<>();
    if (cmd.name() != null) {
      fields.add("name");
    }
    if (cmd.prefix() != null) {
      fields.add("prefix");
    }
    m.changed("service", id, "updated", Map.of("fields", fields));
    return updated;
  }

  public Service get(Principal p, String id) {
    checkId(id);
    return store
        .read(tx -> tx.services().find(p.workspaceId(), id))
        .filter(found -> p.inScope(found.id()))
        .orElseThrow(() -> notFound(id));
  }

  /** The services in the caller's scope. */
  public Slice<Service> list(Principal p, PageRequest page) {
    return store.read(
        tx ->
            p.services()
                .serviceIds()
                .map(ids -> tx.services().listAmong(p.workspaceId(), ids, page))
                .orElseGet(() -> tx.services().list(p.workspaceId(), page)));
  }

  private static void prefix(Validation v, String prefix) {
    if (prefix != null && !KeyFormat.isValidServicePrefix(prefix)) {
      v.fail("prefix", "must match [a-z][a-z0-9]{0,15}");
    }
  }

  static void checkId(String id) {
    if (!Ids.isValid("svc", id)) {
      throw InvalidInputException.of("id", "is not a svc_ id");
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("service", id);
  }
}
