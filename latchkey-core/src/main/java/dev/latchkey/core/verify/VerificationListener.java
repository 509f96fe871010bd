package dev.latchkey.core.verify;

import dev.latchkey.api.Verdict;

/**
 * Told of every verification a {@link Verifier} decides, for metrics. Called on the verifying
 * thread, on the hot path: implementations must be thread-safe, quick, allocate little and never
 * throw.
 */
public interface VerificationListener {
  /**
   * A verdict was reached in {@code nanos}. Only the verdict's code and service id are meant for
   * monitoring; nothing presented by the caller reaches a listener.
   */
  void verified(Verdict verdict, long nanos);

  /** The verification failed after {@code nanos} (the store could not answer): no verdict. */
  void failed(long nanos);
}
