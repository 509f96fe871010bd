package dev.latchkey.api;

import java.util.List;

/**
 * Body of {@code POST /v1/webhooks}.
 *
 * @param rules the rules whose alerts to deliver; absent or empty for all
 * @param enabled default true
 */
public record CreateWebhook(String url, String description, List<String> rules, Boolean enabled) {}
