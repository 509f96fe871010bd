/** Webhook delivery over the network: the HTTP sender the dispatcher uses. */
package dev.latchkey.server.webhook;
