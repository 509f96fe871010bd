package dev.latchkey.secrets.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Builds Secrets Manager clients over the JDK's HttpURLConnection (no netty, no Apache). */
final class AwsClients {
  private AwsClients() {}

  /** One HTTP client is shared by every SDK client a provider or driver builds. */
  static SdkHttpClient http(AwsTuning tuning) {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(tuning.connect())
        .socketTimeout(tuning.attempt())
        .build();
  }

  /**
   * Static credentials when both parts are given, else the SDK's default chain (environment,
   * profile, web identity, container and instance roles).
   */
  static AwsCredentialsProvider credentials(
      Optional<String> accessKeyId, Optional<String> secretKey, Optional<String> sessionToken) {
    if (accessKeyId.isEmpty() || secretKey.isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        sessionToken.isPresent()
            ? AwsSessionCredentials.create(accessKeyId.get(), secretKey.get(), sessionToken.get())
            : AwsBasicCredentials.create(accessKeyId.get(), secretKey.get()));
  }

  /** A client; without a region the SDK's region chain decides (profile, instance metadata). */
  static SecretsManagerClient client(
      Optional<String> region,
      Optional<URI> endpoint,
      AwsCredentialsProvider credentials,
      SdkHttpClient http,
      AwsTuning tuning) {
    var builder =
        SecretsManagerClient.builder()
            .httpClient(http)
            .credentialsProvider(credentials)
            .overrideConfiguration(
                o ->
                    o.apiCallAttemptTimeout(tuning.attempt())
                        .apiCallTimeout(tuning.call())
                        .retryStrategy(
                            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(tuning.maxAttempts())
                                .build()));
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
