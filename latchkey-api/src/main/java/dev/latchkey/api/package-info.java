/** Wire types of the Latchkey HTTP API. */
package dev.latchkey.api;
