/**
 * The forward-auth listener: {@code /v1/forward-auth} alone on a port of its own, for gateways,
 * served by Netty's event loops instead of a virtual thread per connection. The answers are the
 * API's ({@link dev.latchkey.server.api.ForwardAuthEndpoints}); only the transport differs. See
 * {@code docs/gateways.md} and, for why it exists, {@code docs/benchmarks.md}.
 */
package dev.latchkey.server.gateway;
