package dev.latchkey.core.access.condition;

import dev.cel.common.types.CelType;
import dev.cel.common.values.StructValue;
import dev.cel.runtime.CelVariableResolver;
import java.util.Optional;

/**
 * Resolves {@code request}, {@code key} and {@code now} for one evaluation, on demand: a condition
 * that never mentions {@code key} never touches it. {@code request} and {@code key} are CEL struct
 * values whose fields are read straight from the input's records: the planner passes a {@code
 * CelValue} through untouched, where it would copy a plain map entry by entry on every access.
 */
record InputVariables(ConditionInput input) implements CelVariableResolver {

  @Override
  public Optional<Object> find(String name) {
    if (name.equals(Environment.REQUEST)) {
      return Optional.of(new RequestValue(input.request()));
    }
    if (name.equals(Environment.KEY)) {
      return Optional.of(new KeyValue(input.key()));
    }
    if (name.equals(Environment.NOW)) {
      return Optional.of(input.now());
    }
    return Optional.empty();
  }

  /** {@code request} as CEL reads it. */
  private static final class RequestValue extends StructValue<String, ConditionInput.Request> {
    private final ConditionInput.Request request;

    RequestValue(ConditionInput.Request request) {
      this.request = request;
    }

    @Override
    public Object select(String field) {
      return find(field).orElseThrow(() -> new IllegalArgumentException("no field " + field));
    }

    @Override
    public Optional<Object> find(String field) {
      return Optional.ofNullable(
          switch (field) {
            case "ip" -> request.ip();
            case "method" -> request.method();
            case "path" -> request.path();
            case "service" -> request.service();
            case "headers" -> WorkBudget.charging(request.headers());
            default -> null;
          });
    }

    @Override
    public ConditionInput.Request value() {
      return request;
    }

    @Override
    public boolean isZeroValue() {
      return false;
    }

    @Override
    public CelType celType() {
      return Environment.REQUEST_TYPE;
    }
  }

  /** {@code key} as CEL reads it. */
  private static final class KeyValue extends StructValue<String, ConditionInput.Key> {
    private final ConditionInput.Key key;

    KeyValue(ConditionInput.Key key) {
      this.key = key;
    }

    @Override
    public Object select(String field) {
      return find(field).orElseThrow(() -> new IllegalArgumentException("no field " + field));
    }

    @Override
    public Optional<Object> find(String field) {
      return Optional.ofNullable(
          switch (field) {
            case "meta" -> WorkBudget.charging(key.meta());
            case "consumer" -> key.consumer();
            case "created_at" -> key.createdAt();
            default -> null;
          });
    }

    @Override
    public ConditionInput.Key value() {
      return key;
    }

    @Override
    public boolean isZeroValue() {
      return false;
    }

    @Override
    public CelType celType() {
      return Environment.KEY_TYPE;
    }
  }
}
