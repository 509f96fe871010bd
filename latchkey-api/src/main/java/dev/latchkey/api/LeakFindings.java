package dev.latchkey.api;

import java.util.List;

/** What each reported digest opens in the caller's workspace and scope, and what was done. */
public record LeakFindings(List<Finding> findings) {

  /**
   * @param digest as reported (lower-case hex)
   * @param kind {@code key}, {@code root_key}, or {@code unknown} (no secret of the caller's
   *     workspace and scope has this digest)
   * @param id the key or root key; absent when unknown
   * @param service the key's service; absent for root keys and unknown digests
   * @param state {@code ACTIVE}, {@code DISABLED}, {@code EXPIRED}, {@code REVOKED}, or {@code
   *     RETIRED} (a rotated-out secret past its grace period: it no longer verifies); absent when
   *     unknown
   * @param live whether the secret still verifies (or would, once re-enabled): the leak matters
   * @param action with {@code leaks:revoke}: {@code revoked} (the key or root key), {@code
   *     grace_ended} (a rotated-out secret still in its grace period stopped verifying; the current
   *     secret was not leaked and still works), or {@code none}
   * @param note why nothing was done, when that is the case
   */
  public record Finding(
      String digest,
      String kind,
      String id,
      String service,
      String state,
      boolean live,
      String action,
      String note) {}
}
