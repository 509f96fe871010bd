package dev.latchkey.core.manage;

import dev.latchkey.api.Problem.FieldError;
import dev.latchkey.core.LatchkeyException;
import java.util.List;

/** A request the core refuses because of its content; nothing was changed. */
public final class InvalidInputException extends LatchkeyException {
  private final List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(
        errors.isEmpty()
            ? "invalid request"
            : errors.getFirst().field() + ": " + errors.getFirst().message());
    this.errors = List.copyOf(errors);
  }

  public static InvalidInputException of(String field, String message) {
    return new InvalidInputException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
