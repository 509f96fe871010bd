/**
 * Usage limits: rate limits counted in epoch-aligned fixed windows ({@link
 * dev.latchkey.core.limit.LimitRule}), charged all or nothing through a {@link
 * dev.latchkey.core.limit.Limiter}, and credit balances topped up by a {@link
 * dev.latchkey.core.limit.Refill} policy. The accuracy model is stated in {@code docs/limits.md}.
 */
package dev.latchkey.core.limit;
