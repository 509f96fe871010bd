package dev.latchkey.api;

import java.util.List;

/**
 * One page of a list, newest first.
 *
 * @param nextPageToken pass as {@code page_token} for the next page; absent on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {}
