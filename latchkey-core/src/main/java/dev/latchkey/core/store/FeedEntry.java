package dev.latchkey.core.store;

/** A change record as stored, with its place in the feed. */
public record FeedEntry(long seq, Change change) {}
