package dev.latchkey.core.store;

/** A write broke a uniqueness rule, e.g. a second service with the same name. */
public final class DuplicateException extends StoreException {
  private final String field;

  public DuplicateException(String field, Throwable cause) {
    super("duplicate " + field, cause);
    this.field = field;
  }

  /** The wire name of the field whose value already exists. */
  public String field() {
    return field;
  }
}
