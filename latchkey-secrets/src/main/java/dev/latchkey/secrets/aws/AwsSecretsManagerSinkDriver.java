package dev.latchkey.secrets.aws;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import dev.latchkey.secrets.internal.DeliveryTokens;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Writes a key's secret to an AWS Secrets Manager secret: the whole SecretString, or one field of a
 * JSON SecretString with the other fields kept. Every write is a PutSecretValue (or, for a secret
 * that does not exist yet, a CreateSecret) whose ClientRequestToken is derived from the delivery,
 * so a retried delivery makes no second version. Stateless; a client per delivery.
 */
final class AwsSecretsManagerSinkDriver implements SinkDriver {
  private final SdkHttpClient http;
  private final AwsTuning tuning;

  AwsSecretsManagerSinkDriver(AwsTuning tuning) {
    this.tuning = tuning;
    this.http = AwsClients.http(tuning);
  }

  @Override
  public String type() {
    return "aws-sm";
  }

  @Override
  public Map<String, String> problems(SinkConfig config) {
    return AwsSinkSettings.problems(config);
  }

  @Override
  public SinkReceipt deliver(SinkConfig config, Delivery delivery) {
    Map<String, String> problems = problems(config);
    if (!problems.isEmpty()) {
      throw new SinkException("bad aws-sm sink configuration: " + problems.keySet(), false);
    }
    AwsSinkSettings sink = AwsSinkSettings.of(config);
    try (SecretsManagerClient client = client(sink)) {
      String value =
          sink.field().isPresent()
              ? merged(client, sink, sink.field().get(), delivery.secret().reveal())
              : delivery.secret().reveal();
      return write(client, sink, value, DeliveryTokens.of(delivery));
    }
  }

  /** Reads the current JSON; nothing is written yet, so a failure here never arrived. */
  private static String merged(
      SecretsManagerClient client, AwsSinkSettings sink, String field, String secret) {
    String current;
    try {
      current = client.getSecretValue(r -> r.secretId(sink.secretId())).secretString();
    } catch (SdkException e) {
      if (!AwsFailures.isError(e, "ResourceNotFoundException")) {
        throw new SinkException(sink + ": cannot read it: " + AwsFailures.describe(e), false, e);
      }
      current = "{}";
    }
    var object =
        JsonFields.object(current == null ? "{}" : current)
            .orElseThrow(
                () ->
                    new SinkException(
                        sink + ": its SecretString is not a JSON object; cannot set a field",
                        false));
    return JsonFields.with(object, field, secret);
  }

  private static SinkReceipt write(
      SecretsManagerClient client, AwsSinkSettings sink, String value, String token) {
    try {
      var put =
          client.putSecretValue(
              r -> r.secretId(sink.secretId()).secretString(value).clientRequestToken(token));
      return receipt(put.arn(), put.versionId());
    } catch (SdkException e) {
      if (!AwsFailures.isError(e, "ResourceNotFoundException") || !sink.create()) {
        throw failure(sink, "PutSecretValue", e);
      }
    }
    if (sink.secretId().startsWith("arn:")) {
      throw new SinkException(sink + ": no such secret, and one cannot be created by ARN", false);
    }
    try {
      var created =
          client.createSecret(
              r -> r.name(sink.secretId()).secretString(value).clientRequestToken(token));
      return receipt(created.arn(), created.versionId());
    } catch (SdkException e) {
      throw failure(sink, "CreateSecret", e);
    }
  }

  private static SinkException failure(AwsSinkSettings sink, String action, SdkException e) {
    return new SinkException(
        sink + ": " + action + " failed: " + AwsFailures.describe(e),
        AwsFailures.mayHaveArrived(e),
        e);
  }

  private static SinkReceipt receipt(String arn, String versionId) {
    return new SinkReceipt("aws-sm:" + arn + " version " + versionId);
  }

  private SecretsManagerClient client(AwsSinkSettings sink) {
    return AwsClients.client(
        Optional.of(sink.region()),
        sink.endpoint().map(URI::create),
        AwsClients.credentials(sink.accessKeyId(), sink.secretAccessKey(), Optional.empty()),
        http,
        tuning);
  }
}
