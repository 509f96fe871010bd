package dev.latchkey.api;

/**
 * The answer for one reported token, in the form of GitHub's token-revocation feedback: the token
 * named by its SHA-256 (never echoed), and whether it is a Latchkey key.
 *
 * @param tokenHash lower-case hex SHA-256 of the token
 * @param tokenType the type as reported
 * @param label {@code true_positive} (a key or root key of this server, whatever its state) or
 *     {@code false_positive}
 */
public record TokenLabel(String tokenHash, String tokenType, String label) {}
