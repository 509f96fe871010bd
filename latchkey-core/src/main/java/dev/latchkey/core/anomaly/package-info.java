/**
 * Anomaly detection over verifications: a key's traffic far above its own baseline, a key used from
 * a network never seen for it, guessing from one address, dead secrets still presented, credits
 * running low. Rules keep bounded state in memory, never block verification, and raise alerts
 * through {@link dev.latchkey.core.anomaly.Signals}.
 */
package dev.latchkey.core.anomaly;
