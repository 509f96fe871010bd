/**
 * Key expiry: the notice a workspace gets ahead of a key's expiry ({@code key_expiring} alerts,
 * {@link dev.latchkey.core.expiry.ExpiryNotices}). Listing keys that expire soon is a key filter
 * ({@link dev.latchkey.core.store.KeyFilter#expiringBy}).
 */
package dev.latchkey.core.expiry;
