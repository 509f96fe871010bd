package dev.latchkey.core.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored webhook. The signing secrets are held sealed ({@link
 * dev.latchkey.core.seal.SealedColumn#WEBHOOK_SIGNING_SECRET} and {@link
 * dev.latchkey.core.seal.SealedColumn#WEBHOOK_PREVIOUS_SIGNING_SECRET}).
 *
 * @param rules the rules whose alerts it receives; empty for all
 * @param previousSealedSecret the rotated-out secret that still signs until {@code
 *     previousSecretExpiresAt}; null when none
 */
public record WebhookRow(
    String id,
    String workspaceId,
    String url,
    String description,
    List<String> rules,
    boolean enabled,
    String sealedSecret,
    String previousSealedSecret,
    Instant previousSecretExpiresAt,
    Instant createdAt,
    Instant updatedAt) {
  public WebhookRow {
    rules = List.copyOf(rules);
  }

  @Override
  public String toString() {
    return "WebhookRow[id=" + id + ", url=<" + url.length() + " chars>, secrets=<redacted>]";
  }
}
