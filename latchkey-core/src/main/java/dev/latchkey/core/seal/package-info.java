/**
 * Encryption at rest for what Latchkey stores and must read back (webhook signing secrets; sink
 * credentials and one-time links as they arrive): envelope encryption with Tink AEAD under a
 * key-encryption key that comes from outside the database ({@link
 * dev.latchkey.core.seal.Sealer#envelope}). {@link dev.latchkey.core.seal.SealedColumn} declares
 * every sealed column and its context; {@code dev.latchkey.core.manage.Rewrap} re-seals them under
 * a new key. See docs/encryption.md.
 */
package dev.latchkey.core.seal;
