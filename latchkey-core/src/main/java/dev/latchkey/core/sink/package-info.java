/**
 * Sinks: the places a key's secret is delivered to when it is issued or rotated (a file, a
 * Kubernetes Secret, HashiCorp Vault, AWS Secrets Manager, Azure Key Vault, a one-time link). The
 * core defines the port ({@link dev.latchkey.core.sink.SinkDriver}); the drivers that talk to the
 * outside world live in the {@code latchkey-secrets} module. See docs/rotation.md.
 */
package dev.latchkey.core.sink;
