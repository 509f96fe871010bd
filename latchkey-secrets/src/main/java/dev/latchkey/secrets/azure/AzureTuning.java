package dev.latchkey.secrets.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP client and how long and how often the SDK tries. Production uses {@link #defaults()};
 * tests pass a client that trusts their double's certificate and short timeouts.
 *
 * @param http the azure-core HTTP client, shared by every SDK client built with this tuning
 * @param maxRetries retries after the first attempt, for the vault and for the token endpoint
 */
record AzureTuning(HttpClient http, int maxRetries) {
  AzureTuning {
    Objects.requireNonNull(http);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries < 0");
    }
  }

  static AzureTuning defaults() {
    return new AzureTuning(
        jdkClient(
            java.net.http.HttpClient.newBuilder(), Duration.ofSeconds(5), Duration.ofSeconds(10)),
        3);
  }

  /** An azure-core client over the JDK's {@code java.net.http} client (no netty). */
  static HttpClient jdkClient(
      java.net.http.HttpClient.Builder jdk, Duration connect, Duration response) {
    return new JdkHttpClientBuilder(jdk)
        .connectionTimeout(connect)
        .responseTimeout(response)
        .readTimeout(response)
        .build();
  }
}
