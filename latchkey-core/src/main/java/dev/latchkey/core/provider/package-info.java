/**
 * The server's own secrets (bootstrap root key, database and Redis passwords, the key-encryption
 * key) given as references instead of values: {@code env:NAME}, {@code file:/path}, {@code
 * vault:path#field}, {@code aws-sm:name#field}, {@code azure-kv:vault/name}. A {@link
 * dev.latchkey.core.provider.SecretProvider} serves one scheme; the providers that talk to the
 * outside world live in the {@code latchkey-secrets} module. A {@link
 * dev.latchkey.core.provider.SecretResolver} holds the providers, resolves references into {@link
 * dev.latchkey.core.provider.ResolvedSecret} handles at start and refreshes them on a schedule. See
 * docs/secrets.md.
 */
package dev.latchkey.core.provider;
