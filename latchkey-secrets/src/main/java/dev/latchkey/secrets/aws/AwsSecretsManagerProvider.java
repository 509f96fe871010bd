package dev.latchkey.secrets.aws;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * {@code aws-sm:name#field}: the SecretString of the secret {@code name} (a name or an ARN), or the
 * field {@code field} of it when it holds a JSON object. The client is built on first use, so a
 * server that never reads from AWS never looks for its region or credentials.
 */
final class AwsSecretsManagerProvider implements SecretProvider {
  private final Map<String, String> env;
  private final SdkHttpClient http;
  private final AwsTuning tuning;
  private SecretsManagerClient client; // guarded by this

  AwsSecretsManagerProvider(Map<String, String> env, AwsTuning tuning) {
    this.env = Map.copyOf(env);
    this.tuning = tuning;
    this.http = AwsClients.http(tuning);
  }

  @Override
  public String scheme() {
    return "aws-sm";
  }

  @Override
  public ServerSecret fetch(SecretReference reference) {
    String body = reference.body();
    int hash = body.indexOf('#');
    String name = hash < 0 ? body : body.substring(0, hash);
    Optional<String> field =
        hash < 0
            ? Optional.empty()
            : Optional.of(body.substring(hash + 1)).filter(f -> !f.isBlank());
    if (name.isBlank()) {
      throw new SecretUnavailableException(reference + ": no secret name (aws-sm:name#field)");
    }
    String text = secretString(reference, name);
    if (field.isEmpty()) {
      return ServerSecret.of(text);
    }
    var object =
        JsonFields.object(text)
            .orElseThrow(
                () ->
                    new SecretUnavailableException(
                        reference
                            + ": the SecretString is not a JSON object, so it has no fields"));
    return JsonFields.field(object, field.get())
        .map(ServerSecret::of)
        .orElseThrow(
            () ->
                new SecretUnavailableException(
                    reference + ": the secret has no field '" + field.get() + "'"));
  }

  private String secretString(SecretReference reference, String name) {
    GetSecretValueResponse response;
    try {
      response = client().getSecretValue(r -> r.secretId(name));
    } catch (SdkException e) {
      throw new SecretUnavailableException(reference + ": " + reason(e), e);
    } catch (IllegalArgumentException e) {
      throw new SecretUnavailableException(
          reference + ": bad AWS settings in the environment (" + e.getMessage() + ")", e);
    }
    if (response.secretString() == null) {
      throw new SecretUnavailableException(
          reference + ": the secret holds SecretBinary, not a SecretString");
    }
    return response.secretString();
  }

  private static String reason(SdkException e) {
    if (AwsFailures.isError(e, "ResourceNotFoundException")) {
      return "no such secret";
    }
    if (AwsFailures.isError(e, "AccessDeniedException")) {
      return "access denied (the policy must allow secretsmanager:GetSecretValue on it)";
    }
    return AwsFailures.describe(e);
  }

  private synchronized SecretsManagerClient client() {
    if (client == null) {
      client =
          AwsClients.client(
              env("AWS_REGION").or(() -> env("AWS_DEFAULT_REGION")),
              env("AWS_ENDPOINT_URL_SECRETS_MANAGER")
                  .or(() -> env("AWS_ENDPOINT_URL"))
                  .map(URI::create),
              AwsClients.credentials(
                  env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), env("AWS_SESSION_TOKEN")),
              http,
              tuning);
    }
    return client;
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  @Override
  public String toString() {
    return "AwsSecretsManagerProvider"; // the env map may hold credentials
  }
}
