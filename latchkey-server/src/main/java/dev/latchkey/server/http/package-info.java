/**
 * The HTTP layer: our own small router over one Helidon handler, request parsing with bounds, and
 * the single place where exceptions become RFC 9457 problems.
 *
 * <p>Why our own router rather than Helidon's: the API uses AIP-style custom verbs ({@code
 * /v1/keys/{id}:rotate}), which Helidon's path templates read as a regular expression; we need 405
 * with {@code Allow} for a known path with the wrong method; and the route table must be
 * enumerable, so the OpenAPI contract test and the authorisation test can walk it.
 */
package dev.latchkey.server.http;
