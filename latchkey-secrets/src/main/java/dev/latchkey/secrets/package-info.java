/**
 * Adapters to secret stores outside Latchkey, one package per backend ({@code env}, {@code file},
 * {@code vault}, {@code aws}, {@code azure}, {@code kubernetes}). Each backend may serve both
 * directions: a {@link dev.latchkey.core.provider.SecretProvider} reads the server's own secrets
 * from it, a {@link dev.latchkey.core.sink.SinkDriver} delivers keys' secrets to it.
 */
package dev.latchkey.secrets;
