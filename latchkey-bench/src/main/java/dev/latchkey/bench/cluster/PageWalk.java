package dev.latchkey.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks {@code GET /v1/keys} from the first page to the last by page token, timing each page: the
 * first pages against those that start past 90% of the rows. Keyset pagination should make them
 * cost the same. A warm-up over the first pages, not timed, comes first.
 */
final class PageWalk {
  private static final int WARMUP_PAGES = 300;
  private static final int FIRST_PAGES = 100;

  /**
   * @param first the first {@value #FIRST_PAGES} pages
   * @param deep the pages that start at or after 90% of the rows
   * @param rows how many keys the walk saw, which must be all of them
   */
  record Result(int pageSize, Percentiles first, Percentiles deep, Percentiles all, long rows) {}

  private final HttpNode api;
  private final int pageSize;
  private final long expectedRows;

  PageWalk(HttpNode api, int pageSize, long expectedRows) {
    this.api = api;
    this.pageSize = pageSize;
    this.expectedRows = expectedRows;
  }

  Result run() {
    System.err.printf("listing every key, %d a page%n", pageSize);
    walk(WARMUP_PAGES, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<Long> first = new ArrayList<>();
    List<Long> deep = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    long rows = walk(Integer.MAX_VALUE, first, deep, all);
    if (rows != expectedRows) {
      throw new IllegalStateException("listed " + rows + " keys, expected " + expectedRows);
    }
    return new Result(
        pageSize,
        Percentiles.ofNanos(first),
        Percentiles.ofNanos(deep),
        Percentiles.ofNanos(all),
        rows);
  }

  /** Walks up to {@code maxPages}; returns how many rows it saw. */
  private long walk(int maxPages, List<Long> first, List<Long> deep, List<Long> all) {
    String token = null;
    long rows = 0;
    long deepFrom = expectedRows * 9 / 10;
    for (int page = 0; page < maxPages; page++) {
      String path =
          "/v1/keys?page_size=" + pageSize + (token == null ? "" : "&page_token=" + token);
      long start = System.nanoTime();
      JsonNode body = api.get(path).expect(200);
      long nanos = System.nanoTime() - start;
      if (page < FIRST_PAGES) {
        first.add(nanos);
      }
      if (rows >= deepFrom) {
        deep.add(nanos);
      }
      all.add(nanos);
      rows += body.get("items").size();
      if (rows % 100_000 == 0 && maxPages == Integer.MAX_VALUE) {
        System.err.printf("  listed %,9d keys%n", rows);
      }
      JsonNode next = body.get("next_page_token");
      if (next == null || next.isNull()) {
        break;
      }
      token = next.asText();
    }
    return rows;
  }
}
