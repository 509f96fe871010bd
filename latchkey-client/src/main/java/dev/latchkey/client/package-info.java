/**
 * The Java SDK of Latchkey: a management client for the HTTP API.
 *
 * <p>Start with {@link dev.latchkey.client.LatchkeyClient#builder()}. Every call takes and returns
 * the wire records of {@code dev.latchkey.api}; failures are unchecked {@link
 * dev.latchkey.client.LatchkeyException}s: an {@link dev.latchkey.client.LatchkeyApiException}
 * subclass per HTTP status when the server answered with a problem, a {@link
 * dev.latchkey.client.LatchkeyConnectionException} when it could not be reached in time.
 *
 * <p>Choices worth knowing:
 *
 * <ul>
 *   <li>Responses are read with the wire mapper ({@code Json.mapper()}) but tolerate fields this
 *       version does not know: a server may add a field without breaking older SDKs. Requests stay
 *       strict because the server rejects unknown fields.
 *   <li>No message, {@code toString} or problem detail carries the root key or a key secret: the
 *       client redacts the secrets it holds or sends, and anything shaped like a Latchkey key, from
 *       whatever text the server returns before it reaches an exception.
 *   <li>{@code keys().verify(...)} answers an invalid key with a verdict, never an exception; it
 *       throws only when no verdict could be had (transport, authentication, server failure).
 *   <li>Plain {@code http://} uses HTTP/1.1 (no h2c upgrade dance); {@code https://} negotiates
 *       HTTP/2. Redirects are not followed, so the root key is never sent to another origin.
 * </ul>
 */
package dev.latchkey.client;
