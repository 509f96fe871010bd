/** Secrets of the server's own taken from its environment variables ({@code env:NAME}). */
package dev.latchkey.secrets.env;
