package dev.latchkey.core.manage;

/**
 * The response to send for an idempotent request.
 *
 * @param replayed true when this is the stored first response to an earlier identical request
 */
public record IdempotentResponse(int status, byte[] body, boolean replayed) {}
