/**
 * Alert machinery: the bounded queue that takes alerts off the verification path, webhook signing
 * secrets and their at-rest storage, signatures, target validation (SSRF) and the delivery
 * dispatcher. The use cases (raise, list, acknowledge, webhook management) are in {@code
 * dev.latchkey.core.manage}, where mutations are audited. See docs/alerts.md.
 */
package dev.latchkey.core.alert;
