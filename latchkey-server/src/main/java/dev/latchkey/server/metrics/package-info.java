/**
 * Metrics: a Micrometer registry in the Prometheus format, fed by the verifier (through core's
 * {@link dev.latchkey.core.verify.VerificationListener}, so core needs no Micrometer), the router
 * (through {@link dev.latchkey.server.http.RequestObserver}) and gauges read at scrape time (cache,
 * change feed, store pools, JVM).
 *
 * <p>Why a listener of its own rather than {@code GET /metrics} on the API with a root-key
 * permission: metrics are per node and span every workspace, so a workspace's root key must not
 * read them (tenant isolation), and a scraper is better without a secret to store. Where the
 * listener listens (loopback by default) is its access control; see docs/security.md.
 *
 * <p>Why every label is bounded: a label value that a client can choose (a path, a method, a
 * service name in a request) could carry a secret into the metrics, or grow the number of series
 * without end. Labels are route templates, standard methods, verdict codes, ids of stored services
 * (capped, then {@code other}) and rule names the server defines (capped).
 */
package dev.latchkey.server.metrics;
