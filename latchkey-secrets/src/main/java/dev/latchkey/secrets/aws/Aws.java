package dev.latchkey.secrets.aws;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.sink.SinkDriver;
import java.util.Map;

/**
 * AWS Secrets Manager, through the official SDK v2 over the JDK's HTTP client.
 *
 * <ul>
 *   <li>{@link #provider(Map)} reads the server's own secrets: {@code aws-sm:name#field}.
 *   <li>{@link #sinkDriver()} delivers keys' secrets to sinks of type {@code aws-sm}.
 * </ul>
 *
 * Both are thread-safe and fail with safe messages (names and error codes, never a value). See
 * docs/secrets.md.
 */
public final class Aws {
  private Aws() {}

  /**
   * The {@code aws-sm} provider, configured from {@code env} (in production {@code
   * System.getenv()}): {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}; {@code AWS_ACCESS_KEY_ID},
   * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, else the SDK's default credentials
   * chain; {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or {@code AWS_ENDPOINT_URL} to override the
   * endpoint. Nothing is contacted before the first fetch.
   */
  public static SecretProvider provider(Map<String, String> env) {
    return new AwsSecretsManagerProvider(env, AwsTuning.defaults());
  }

  /** The {@code aws-sm} sink driver. */
  public static SinkDriver sinkDriver() {
    return new AwsSecretsManagerSinkDriver(AwsTuning.defaults());
  }
}
