package dev.latchkey.core.anomaly;

import java.time.Duration;

/**
 * The rules' settings. A rule is off when its threshold is 0 (or its duration zero).
 *
 * @param spikeFactor a key's requests in one minute above this many times its baseline (an
 *     exponentially weighted moving average of its per-minute counts) raise {@code traffic_spike}
 * @param spikeMinimum ... and at least this many requests in that minute (small numbers are noise)
 * @param spikeHalfLife the baseline's half-life: a minute this long ago weighs half as much as the
 *     last one
 * @param spikeWarmup minutes of history a key needs before its baseline is trusted
 * @param newAddressLearning how long after a key's first use seen on this node (or the node's
 *     start) every network is learned without an alert; after it, a network never seen for the key
 *     raises {@code new_client_address}
 * @param networksPerKey the most networks remembered per key (least recently seen forgotten first)
 * @param guessingThreshold invalid or unknown keys from one address within {@code guessingWindow}
 *     that raise {@code secret_guessing}
 * @param guessingWindow the window of that count
 * @param guessingBlock how long forward auth then refuses the address without looking at keys
 *     ({@link Duration#ZERO}: no block, only the alert)
 * @param creditsLow a remaining credit balance at or below this raises {@code credits_low}
 * @param keyUnused a live key not used for this long raises {@code key_unused} (zero: off)
 */
public record AnomalySettings(
    double spikeFactor,
    long spikeMinimum,
    Duration spikeHalfLife,
    int spikeWarmup,
    Duration newAddressLearning,
    int networksPerKey,
    int guessingThreshold,
    Duration guessingWindow,
    Duration guessingBlock,
    long creditsLow,
    Duration keyUnused) {

  /**
   * The most keys, and separately addresses, whose state is held: a key's is about 200 bytes plus
   * about 100 per remembered network (so up to about 6.6 KB with 64), an address's about 150.
   */
  public static final int MAX_TRACKED = 100_000;

  public AnomalySettings {
    if (spikeFactor < 0 || spikeMinimum < 0 || spikeWarmup < 0 || networksPerKey < 1) {
      throw new IllegalArgumentException("anomaly settings must not be negative");
    }
    if (spikeHalfLife.isNegative() || spikeHalfLife.isZero()) {
      throw new IllegalArgumentException("the spike half-life must be positive");
    }
    if (guessingThreshold < 0
        || guessingWindow.isNegative()
        || guessingBlock.isNegative()
        || keyUnused.isNegative()) {
      throw new IllegalArgumentException("anomaly settings must not be negative");
    }
  }

  /**
   * Spikes: 5× the baseline and at least 100 a minute, a 1-hour half-life, 30 minutes of warm-up;
   * new networks after 24 hours of learning, 64 remembered per key (/24 for IPv4, /48 for IPv6);
   * guessing: 20 bad keys from one address in a minute, no block; credits: 10 or fewer left; keys
   * unused for 30 days.
   */
  public static AnomalySettings defaults() {
    return new AnomalySettings(
        5.0,
        100,
        Duration.ofHours(1),
        30,
        Duration.ofHours(24),
        64,
        20,
        Duration.ofMinutes(1),
        Duration.ZERO,
        10,
        Duration.ofDays(30));
  }

  public AnomalySettings withGuessing(int threshold, Duration window, Duration block) {
    return new AnomalySettings(
        spikeFactor,
        spikeMinimum,
        spikeHalfLife,
        spikeWarmup,
        newAddressLearning,
        networksPerKey,
        threshold,
        window,
        block,
        creditsLow,
        keyUnused);
  }

  public AnomalySettings withSpike(double factor, long minimum, Duration halfLife, int warmup) {
    return new AnomalySettings(
        factor,
        minimum,
        halfLife,
        warmup,
        newAddressLearning,
        networksPerKey,
        guessingThreshold,
        guessingWindow,
        guessingBlock,
        creditsLow,
        keyUnused);
  }

  public AnomalySettings withNewAddress(Duration learning, int networks) {
    return new AnomalySettings(
        spikeFactor,
        spikeMinimum,
        spikeHalfLife,
        spikeWarmup,
        learning,
        networks,
        guessingThreshold,
        guessingWindow,
        guessingBlock,
        creditsLow,
        keyUnused);
  }

  public AnomalySettings withKeyUnused(Duration after) {
    return new AnomalySettings(
        spikeFactor,
        spikeMinimum,
        spikeHalfLife,
        spikeWarmup,
        newAddressLearning,
        networksPerKey,
        guessingThreshold,
        guessingWindow,
        guessingBlock,
        creditsLow,
        after);
  }

  public AnomalySettings withCreditsLow(long threshold) {
    return new AnomalySettings(
        spikeFactor,
        spikeMinimum,
        spikeHalfLife,
        spikeWarmup,
        newAddressLearning,
        networksPerKey,
        guessingThreshold,
        guessingWindow,
        guessingBlock,
        threshold,
        keyUnused);
  }
}
