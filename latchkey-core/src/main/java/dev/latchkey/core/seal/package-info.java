/**
 * Encryption at rest for what Latchkey stores and must read back (sink credentials, webhook signing
 * secrets, one-time links): envelope encryption with Tink AEAD under a key-encryption key that
 * comes from the secret provider, never from the database. See docs/secrets.md.
 */
package dev.latchkey.core.seal;
