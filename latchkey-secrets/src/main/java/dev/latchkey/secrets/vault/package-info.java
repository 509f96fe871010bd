/**
 * HashiCorp Vault's KV v2 secrets engine, over its HTTP API: {@link
 * dev.latchkey.secrets.vault.VaultProvider} reads the server's own secrets ({@code
 * vault:mount/path#field}), {@link dev.latchkey.secrets.vault.VaultSinkDriver} writes keys' secrets
 * into a field of a secret, merging with check-and-set so that it never wipes fields it does not
 * own. Token and AppRole authentication; Vault Enterprise namespaces. A small client of our own
 * rather than a library: the three calls needed (read, write, AppRole login) are a few lines each
 * over {@code java.net.http}, and the maintained Java clients (Spring Vault, BetterCloud's
 * vault-java-driver, no longer maintained) bring far more than that. See docs/secrets.md.
 */
package dev.latchkey.secrets.vault;
