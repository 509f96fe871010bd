package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/**
 * What a key did with its access over the last {@code days} UTC days, and a narrower grant that
 * would have been enough: the least-privilege report of {@code GET /v1/keys/{id}/access-report}.
 *
 * @param from the start of the first day of the window (00:00 UTC)
 * @param to when the report was made; the window ends here
 * @param permissionsExercised whether any verification in the window required a permission that
 *     this key's grants satisfied; when false, nothing is known of what the key needs, and there is
 *     no suggestion
 * @param grants every grant the key holds, directly and through its roles
 * @param conditions the key's condition and those of its roles, where set
 * @param suggestion what to hold instead; absent when {@code permissionsExercised} is false
 */
public record AccessReport(
    String keyId,
    int days,
    Instant from,
    Instant to,
    boolean permissionsExercised,
    List<GrantUse> grants,
    List<ConditionUse> conditions,
    Suggestion suggestion) {

  /**
   * One grant the key holds and how it was used in the window.
   *
   * @param source {@code key} for a grant held directly, else the id of the role it comes from
   * @param roleName the name of that role; absent for {@code key}
   * @param unused true when the grant satisfied no required permission in the window
   * @param lastUsedAt the latest use, absent when unused
   * @param usedFor the required permissions it satisfied, by name, each with its latest use
   */
  public record GrantUse(
      String source,
      String roleName,
      String grant,
      boolean unused,
      Instant lastUsedAt,
      List<PermissionUse> usedFor) {}

  /** A required permission a grant satisfied, and when last. */
  public record PermissionUse(String permission, Instant lastAt) {}

  /**
   * A condition and whether verification evaluated it in the window.
   *
   * @param source {@code key} for the key's own condition, else the id of the role it belongs to
   * @param roleName the name of that role; absent for {@code key}
   * @param lastEvaluatedAt the latest evaluation, absent when never evaluated
   */
  public record ConditionUse(
      String source,
      String roleName,
      String expression,
      boolean evaluated,
      Instant lastEvaluatedAt) {}

  /**
   * A narrower grant, in the shape {@code PATCH /v1/keys/{id}} takes.
   *
   * @param narrower whether it differs from what the key holds
   * @param permissions the direct grants to hold: the used ones, wildcards narrowed to what they
   *     were used for
   * @param roles the roles to keep: those with a grant that was used
   * @param removeRoles the roles to drop: none of their grants was used
   * @param reasons why, one short sentence per change
   */
  public record Suggestion(
      boolean narrower,
      List<String> permissions,
      List<String> roles,
      List<String> removeRoles,
      List<String> reasons) {}
}
