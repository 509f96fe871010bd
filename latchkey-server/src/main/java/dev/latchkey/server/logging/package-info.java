/**
 * Logs: the format switch (text or JSON lines, {@link dev.latchkey.server.logging.LogFormat}), the
 * JSON layout and the access log. Logback stays the backend (logback.xml); the request id is put in
 * the logging context by {@link dev.latchkey.server.http.Router} for the length of each request, so
 * every line written meanwhile carries it. Nothing here writes a path as sent, a query, a header or
 * a body: any of them may carry a key.
 */
package dev.latchkey.server.logging;
