package dev.latchkey.core.store;

/** Which page of a list: up to {@code size} rows with {@code seq} below {@code before}. */
public record PageRequest(int size, long before) {
  public static final int MAX_SIZE = 100;

  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException("page size must be within 1.." + MAX_SIZE);
    }
  }

  /** The first page. */
  public static PageRequest first(int size) {
    return new PageRequest(size, Long.MAX_VALUE);
  }
}
