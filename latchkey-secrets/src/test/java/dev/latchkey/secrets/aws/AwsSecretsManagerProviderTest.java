package dev.latchkey.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsSecretsManagerProviderTest {
  private static final AwsTuning FAST =
      new AwsTuning(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), 1);

  private final String password = UUID.randomUUID().toString();
  private FakeSecretsManager aws;
  private SecretProvider provider;

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
    aws.create("prod/latchkey", "{\"username\":\"latchkey\",\"password\":\"" + password + "\"}");
    aws.create("prod/kek", password + "\n");
    provider = new AwsSecretsManagerProvider(aws.env(), FAST);
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  @Test
  void noField_readsTheWholeSecretString() {
    assertThat(provider.fetch(ref("aws-sm:prod/kek"))).isEqualTo(ServerSecret.of(password + "\n"));
    assertThat(aws.operations).containsExactly("GetSecretValue");
  }

  @Test
  void field_readsThatFieldOfTheJson() {
    assertThat(provider.fetch(ref("aws-sm:prod/latchkey#password")).reveal()).isEqualTo(password);
    assertThat(provider.fetch(ref("aws-sm:prod/latchkey#username")).reveal()).isEqualTo("latchkey");
  }

  @Test
  void secretByArn_isRead() {
    String arn = describeArn("prod/kek");
    assertThat(arn).startsWith("arn:aws:secretsmanager:eu-west-1:");
    assertThat(provider.fetch(ref("aws-sm:" + arn)).reveal()).isEqualTo(password + "\n");
  }

  @Test
  void missingSecret_failsNamingTheReference() {
    assertUnavailable(
        "aws-sm:prod/nothing#password", "aws-sm:prod/nothing#password", "no such secret");
  }

  @Test
  void missingField_failsNamingTheField() {
    assertUnavailable("aws-sm:prod/latchkey#db_password", "no field 'db_password'");
  }

  @Test
  void fieldOfAStringThatIsNotJson_fails() {
    assertUnavailable("aws-sm:prod/kek#password", "not a JSON object");
  }

  @Test
  void accessDenied_failsSayingSo() {
    aws.deny("prod/latchkey");
    assertUnavailable("aws-sm:prod/latchkey#password", "access denied");
  }

  @Test
  void wrongSecretKey_isRefusedBySignatureCheck() {
    Map<String, String> env = new HashMap<>(aws.env());
    env.put("AWS_SECRET_ACCESS_KEY", "not-the-key");
    provider = new AwsSecretsManagerProvider(env, FAST);
    assertUnavailable("aws-sm:prod/kek", "InvalidSignatureException");
  }

  @Test
  void unknownAccessKey_isRefused() {
    Map<String, String> env = new HashMap<>(aws.env());
    env.put("AWS_ACCESS_KEY_ID", "AKIAUNKNOWN");
    provider = new AwsSecretsManagerProvider(env, FAST);
    assertUnavailable("aws-sm:prod/kek", "UnrecognizedClientException");
  }

  @Test
  void endpointFallsBackToAwsEndpointUrl() {
    Map<String, String> env = new HashMap<>(aws.env());
    env.put("AWS_ENDPOINT_URL", env.remove("AWS_ENDPOINT_URL_SECRETS_MANAGER"));
    env.put("AWS_DEFAULT_REGION", env.remove("AWS_REGION"));
    provider = new AwsSecretsManagerProvider(env, FAST);
    assertThat(provider.fetch(ref("aws-sm:prod/latchkey#password")).reveal()).isEqualTo(password);
  }

  @Test
  void toString_showsNoCredential() {
    assertThat(provider.toString()).doesNotContain(aws.secretAccessKey, aws.accessKeyId);
    assertThat(provider.scheme()).isEqualTo("aws-sm");
  }

  private String describeArn(String name) {
    try {
      return aws.state
          .handle(
              "DescribeSecret",
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .createObjectNode()
                  .put("SecretId", name))
          .path("ARN")
          .asText();
    } catch (SecretsManagerState.Failure e) {
      throw new AssertionError(e);
    }
  }

  private void assertUnavailable(String reference, String... fragments) {
    assertThatThrownBy(() -> provider.fetch(ref(reference)))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessageContaining(reference)
        .hasMessageContainingAll(fragments)
        .message()
        .doesNotContain(password, aws.secretAccessKey);
  }

  private static SecretReference ref(String text) {
    return SecretReference.parse(text);
  }
}
