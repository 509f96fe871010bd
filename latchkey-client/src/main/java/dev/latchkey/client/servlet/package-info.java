/**
 * {@link dev.latchkey.client.servlet.LatchkeyFilter}: a Jakarta Servlet 6 filter that admits a
 * request only when the {@link dev.latchkey.client.Verifier} says its key is valid, and answers
 * every denial as Latchkey's forward-auth endpoint does, so that a client sees no difference
 * between a service behind a gateway and one that embeds the SDK.
 *
 * <p>The servlet API is an optional dependency of {@code latchkey-client}: this package is usable
 * only where a container provides it.
 */
package dev.latchkey.client.servlet;
