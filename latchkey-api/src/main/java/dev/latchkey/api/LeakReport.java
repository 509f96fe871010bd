package dev.latchkey.api;

import java.util.List;

/**
 * Secrets found where they should not be, named by their SHA-256 digests (64 hex digits), so that
 * asking about a leak never sends the secret itself: {@code latchkey scan} computes the digests
 * locally.
 *
 * @param digests at most 1,000
 * @param source where they were found, for the audit trail (e.g. a path or a URL); optional
 */
public record LeakReport(List<String> digests, String source) {}
