package dev.latchkey.core.store;

/** A delivery a dispatcher holds the lease of, with the webhook it goes to. */
public record ClaimedDelivery(DeliveryRow delivery, WebhookRow webhook) {}
