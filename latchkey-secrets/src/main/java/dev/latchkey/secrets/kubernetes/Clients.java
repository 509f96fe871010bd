package dev.latchkey.secrets.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Opens a client for one delivery. Without {@code server}, fabric8's own discovery decides
 * (in-cluster service account, else {@code KUBECONFIG} or {@code ~/.kube/config}); with it, only
 * what the sink says counts (its token; the pod's CA when it names none), never the pod's token.
 * The client does not retry by itself: the writer decides what to retry.
 */
final class Clients {
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int REQUEST_TIMEOUT_MILLIS = 10_000;

  private Clients() {}

  static KubernetesClient open(SecretTarget target) {
    Config base = target.server().isPresent() ? Config.empty() : Config.autoConfigure(null);
    ConfigBuilder config =
        new ConfigBuilder(base)
            .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
            .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
            .withRequestRetryBackoffLimit(0);
    target.server().ifPresent(config::withMasterUrl);
    if (target.caCert().isPresent()) {
      config.withCaCertData(
          Base64.getEncoder()
              .encodeToString(target.caCert().get().getBytes(StandardCharsets.US_ASCII)));
    } else if (target.server().isPresent() && Files.isReadable(SERVICE_ACCOUNT.resolve("ca.crt"))) {
      config.withCaCertFile(SERVICE_ACCOUNT.resolve("ca.crt").toString());
    }
    // The server's own service-account token goes only to the API server fabric8 discovers in the
    // cluster, never to a server a sink names: a workspace admin could name their own.
    target.token().ifPresent(config::withOauthToken);
    return new KubernetesClientBuilder()
        .withConfig(config.build())
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }
}
