/**
 * Rotation that runs by itself: the scheduler that finds due keys, leases their rotations and runs
 * them ({@link dev.latchkey.core.rotation.RotationScheduler}). The rotation protocol itself, which
 * writes keys and secrets, is {@code dev.latchkey.core.manage.Rotations}; the sink drivers in use
 * are {@code dev.latchkey.core.sink.SinkCatalog}. See docs/rotation.md.
 */
package dev.latchkey.core.rotation;
