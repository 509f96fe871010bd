package dev.latchkey.api;

import java.util.List;

/** Answer of {@code GET /v1/alert-rules}: every known rule, with its automatic action. */
public record AlertRuleList(List<AlertRule> items) {}
