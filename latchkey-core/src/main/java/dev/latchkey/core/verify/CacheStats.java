package dev.latchkey.core.verify;

/**
 * Counts of the credential cache since the verifier was made, for monitoring.
 *
 * @param lookups credentials looked up by digest (verifications past the checksum, root-key
 *     authentications)
 * @param loads lookups that read the store: not cached, expired, or not trusted while the change
 *     feed is unreadable; {@code lookups - loads} were answered from the cache
 * @param size entries held now, positive and negative (approximate)
 */
public record CacheStats(long lookups, long loads, long size) {}
