package dev.latchkey.core.manage;

import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Use cases of consumers. Thread-safe. */
public final class Consumers {
  private final Store store;

  public Consumers(Store store) {
    this.store = store;
  }

  public Consumer create(MutationContext m, CreateConsumer cmd) {
    Validation v = new Validation();
    String name = v.text("name", v.required("name", cmd.name()), Validation.MAX_NAME);
    String externalId = v.text("external_id", cmd.externalId(), Validation.MAX_EXTERNAL_ID);
    v.meta("meta", cmd.meta());
    v.throwIfAny();
    Consumer consumer =
        new Consumer(
            Ids.newId("con"),
            name,
            externalId,
            cmd.meta() == null ? Map.of() : cmd.meta(),
            m.now(),
            m.now(),
            List.of(),
            null);
    m.tx().consumers().insert(m.workspaceId(), consumer);
    m.changed("consumer", consumer.id(), "created", Map.of("name", consumer.name()));
    return consumer;
  }

  public Consumer update(MutationContext m, String id, UpdateConsumer cmd) {
    Validation v = new Validation();
    v.id("id", "con", id);
    String name = v.text("name", cmd.name(), Validation.MAX_NAME);
    String externalId =
        cmd.externalId() == null
            ? null
            : v.text("external_id", cmd.externalId().orElse(null), Validation.MAX_EXTERNAL_ID);
    v.meta("meta", cmd.meta());
    v.throwIfAny();
    Consumer old =
        m.tx().consumers().findForUpdate(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    Consumer updated =
        new Consumer(
            id,
            name == null ? old.name() : name,
            cmd.externalId() == null ? old.externalId() : externalId,
            cmd.meta() == null ? old.meta() : cmd.meta(),
            old.createdAt(),
            m.now(),
            old.limits(),
            old.credits());
    m.tx().consumers().update(m.workspaceId(), updated);
    List<String> fields = new ArrayList<>();
    if (cmd.name() != null) {
      fields.add("name");
    }
    if (cmd.externalId() != null) {
      fields.add("external_id");
    }
    if (cmd.meta() != null) {
      fields.add("meta");
    }
    m.changed("consumer", id, "updated", Map.of("fields", fields));
    return updated;
  }

  public Consumer get(Principal p, String id) {
    checkId(id);
    return store
        .read(tx -> tx.consumers().find(p.workspaceId(), id))
        .orElseThrow(() -> notFound(id));
  }

  public Slice<Consumer> list(Principal p, PageRequest page) {
    return store.read(tx -> tx.consumers().list(p.workspaceId(), page));
  }

  static void checkId(String id) {
    if (!Ids.isValid("con", id)) {
      throw InvalidInputException.of("id", "is not a con_ id");
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("consumer", id);
  }
}
