package dev.latchkey.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.client.testing.FakeServer;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neither the root key nor a key secret ever reaches a message or a toString. */
class SecretRedactionTest {
  private final String rootKey = TestSecrets.rootKey();
  private FakeServer server;
  private LatchkeyClient client;

  @BeforeEach
  void start() throws Exception {
    server = FakeServer.start();
    client = LatchkeyClient.builder().baseUri(server.uri()).rootKey(rootKey).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aSecretPassedAsAnId_staysOutOfAConnectionFailure() {
    String key = TestSecrets.serviceKey();
    server.close();
    LatchkeyConnectionException e =
        catchThrowableOfType(LatchkeyConnectionException.class, () -> client.keys().get(key));
    assertThat(e.getMessage()).doesNotContain(key).contains(key.substring(0, 4));
  }

  @Test
  void clientAndBuilder_toStringHideTheRootKey() {
    var builder = LatchkeyClient.builder().baseUri(server.uri()).rootKey(rootKey);
    assertThat(client.toString()).doesNotContain(rootKey).contains("<redacted>");
    assertThat(builder.toString()).doesNotContain(rootKey).contains("<redacted>");
  }

  @Test
  void problemEchoingTheRootKey_isRedactedInMessageAndProblem() {
    server.problem(
        401,
        "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"unknown key " + rootKey + "\"}");
    UnauthorizedException e =
        catchThrowableOfType(UnauthorizedException.class, () -> client.services().get("s"));
    assertThat(e.getMessage()).doesNotContain(rootKey).contains("<redacted>");
    assertThat(e.problem().detail()).doesNotContain(rootKey);
    assertThat(e.problem().toString()).doesNotContain(rootKey);
  }

  @Test
  void problemEchoingTheVerifiedKey_isRedacted() {
    String key = TestSecrets.serviceKey();
    server.problem(
        503,
        "{\"title\":\"Unavailable\",\"status\":503,\"detail\":\"while checking "
            + key
            + "\",\"errors\":[{\"field\":\"key\",\"message\":\""
            + key
            + "\"}]}");
    ServiceUnavailableException e =
        catchThrowableOfType(ServiceUnavailableException.class, () -> client.keys().verify(key));
    assertThat(e.getMessage()).doesNotContain(key);
    assertThat(e.problem().toString()).doesNotContain(key);
  }

  @Test
  void anythingShapedLikeAKey_keepsOnlyItsDisplayStart() {
    String other = TestSecrets.withPrefix("orders");
    server.problem(409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"saw " + other + "\"}");
    ConflictException e =
        catchThrowableOfType(ConflictException.class, () -> client.services().get("s"));
    assertThat(e.getMessage()).doesNotContain(other).contains(other.substring(0, 11) + "…");
  }

  @Test
  void unreadableIssuedKey_doesNotLeakTheSecretThroughTheParserMessage() {
    String secret = TestSecrets.serviceKey();
    server.json(201, "{\"key\":\"" + secret + "\",\"data\":\"" + secret + "\"}");
    LatchkeyProtocolException e =
        catchThrowableOfType(
            LatchkeyProtocolException.class,
            () -> client.keys().create(dev.latchkey.api.CreateKey.of("svc_1")));
    assertThat(e.getMessage()).doesNotContain(secret);
    assertThat(e.getCause()).isNull();
  }

  @Test
  void connectionFailure_doesNotMentionTheRootKey() {
    try (LatchkeyClient nowhere =
        LatchkeyClient.builder()
            .baseUri(URI.create("http://127.0.0.1:1"))
            .rootKey(rootKey)
            .build()) {
      assertThatThrownBy(() -> nowhere.services().get("s"))
          .isInstanceOf(LatchkeyConnectionException.class)
          .message()
          .doesNotContain(rootKey);
    }
  }

  @Test
  void builder_rejectsUserInfoInBaseUriAndBlankRootKeys() {
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUri(URI.create("http://u:p@127.0.0.1:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("u:p");
    assertThatThrownBy(() -> LatchkeyClient.builder().rootKey(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatchkeyClient.builder().baseUri(server.uri()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rootKey");
  }
}
