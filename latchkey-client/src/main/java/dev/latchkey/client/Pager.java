package dev.latchkey.client;

import dev.latchkey.api.Page;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Walks every page of a list lazily: the next page is fetched only when the stream needs it, so a
 * {@code findFirst()} or {@code limit(n)} costs only the pages it reads.
 */
final class Pager<T> extends Spliterators.AbstractSpliterator<T> {
  /** The largest page the API serves: fewest round trips. */
  static final int PAGE_SIZE = 100;

  private final Function<String, Page<T>> fetch;
  private final Deque<T> buffer = new ArrayDeque<>();
  private String nextToken;
  private boolean started;

  private Pager(Function<String, Page<T>> fetch) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.fetch = fetch;
  }

  /**
   * @param fetch the page for a token ({@code null} for the first)
   */
  static <T> Stream<T> stream(Function<String, Page<T>> fetch) {
    return StreamSupport.stream(new Pager<>(fetch), false);
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    while (buffer.isEmpty() && (!started || nextToken != null)) {
      Page<T> page = fetch.apply(nextToken);
      started = true;
      nextToken = page.nextPageToken();
      if (page.items() != null) {
        buffer.addAll(page.items());
      }
    }
    if (buffer.isEmpty()) {
      return false;
    }
    action.accept(buffer.poll());
    return true;
  }
}
