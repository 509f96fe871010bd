package dev.latchkey.core.seal;

import java.nio.charset.StandardCharsets;

/**
 * Every column that holds sealed values, in one declaration: the table, its id column, the column,
 * and the context each value is sealed under ({@code {id}} stands for the row's id). Whatever seals
 * or opens such a value goes through its constant here, and {@code latchkey rewrap} re-seals every
 * column listed, so a new sealed column is one more line below.
 *
 * <p>Table and column names are SQL identifiers ({@code [a-z][a-z0-9_]*}, checked here); the store
 * builds its statements from them. A column that {@code readsPlain} also opens values stored before
 * sealing existed, marked {@code plain:}; the server re-seals them at start.
 */
public enum SealedColumn {
  WEBHOOK_SIGNING_SECRET("webhooks", "id", "signing_secret", "webhooks/{id}/signing_secret", true),
  WEBHOOK_PREVIOUS_SIGNING_SECRET(
      "webhooks", "id", "previous_signing_secret", "webhooks/{id}/previous_signing_secret", true),
  SINK_CREDENTIALS("sinks", "id", "credentials", "sinks/{id}/credentials", false),
  ONE_TIME_LINK_SECRET(
      "one_time_links", "id", "sealed_secret", "one_time_links/{id}/sealed_secret", false);

  /** The mark of values stored before sealing existed (by 0.1's plaintext vault). */
  public static final String PLAIN = "plain:";

  private final String table;
  private final String idColumn;
  private final String column;
  private final String contextTemplate;
  private final boolean readsPlain;

  SealedColumn(
      String table, String idColumn, String column, String contextTemplate, boolean readsPlain) {
    for (String name : new String[] {table, idColumn, column}) {
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a plain SQL identifier: " + name);
      }
    }
    if (!contextTemplate.contains("{id}")) {
      throw new IllegalArgumentException("a context template must contain {id}");
    }
    this.table = table;
    this.idColumn = idColumn;
    this.column = column;
    this.contextTemplate = contextTemplate;
    this.readsPlain = readsPlain;
  }

  public String table() {
    return table;
  }

  public String idColumn() {
    return idColumn;
  }

  public String column() {
    return column;
  }

  /** The context the value of row {@code id} is sealed under. */
  public String context(String id) {
    return contextTemplate.replace("{id}", id);
  }

  /** Whether {@code stored} is a value from before sealing that this column still reads. */
  public boolean isPlain(String stored) {
    return readsPlain && stored.startsWith(PLAIN);
  }

  /** Seals {@code plaintext} as the value of row {@code id}. */
  public String seal(Sealer sealer, String id, byte[] plaintext) {
    return sealer.seal(plaintext, context(id));
  }

  /**
   * Opens the value of row {@code id}; the caller should overwrite the bytes when done.
   *
   * @throws SealException when it does not open (see {@link Sealer#open})
   */
  public byte[] open(Sealer sealer, String id, String stored) {
    if (isPlain(stored)) {
      return stored.substring(PLAIN.length()).getBytes(StandardCharsets.UTF_8);
    }
    return sealer.open(stored, context(id));
  }
}
