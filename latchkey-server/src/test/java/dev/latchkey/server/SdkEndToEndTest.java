package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRole;
import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.Role;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.UpdateRole;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.client.ConflictException;
import dev.latchkey.client.ForbiddenException;
import dev.latchkey.client.InvalidRequestException;
import dev.latchkey.client.KeyFilter;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.LatchkeyConnectionException;
import dev.latchkey.client.NotFoundException;
import dev.latchkey.client.UnauthorizedException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against a real server over a real socket: every call, every typed error. */
class SdkEndToEndTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient client;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    client = t.client();
  }

  @AfterEach
  void stop() {
    client.close();
    t.close();
  }

  @Test
  void limitsAndCredits_throughTheSdk() {
    Service svc = client.services().create(new CreateService("payments", "pay"));
    Consumer acme =
        client
            .consumers()
            .create(
                new CreateConsumer(
                    "acme",
                    null,
                    null,
                    List.of(RateLimit.of("requests", 100, "PT1S")),
                    new Credits(10_000L, Credits.Refill.monthly(10_000, 1))));
    IssuedKey issued =
        client
            .keys()
            .create(
                new CreateKey(
                    svc.id(),
                    acme.id(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(RateLimit.of("requests", 10, "PT24H")),
                    Credits.of(50)));
    String key = issued.data().id();

    assertThat(issued.data().limits()).containsExactly(RateLimit.of("requests", 10, "P1D"));
    assertThat(client.keys().credits(key, CreditChange.add(25))).isEqualTo(Credits.of(75));
    assertThat(client.consumers().credits(acme.id(), CreditChange.set(3)).remaining()).isEqualTo(3);
    assertThat(client.consumers().get(acme.id()).credits())
        .isEqualTo(new Credits(3L, Credits.Refill.monthly(10_000, 1)));
    Key unlimited =
        client
            .keys()
            .update(
                key,
                new UpdateKey(
                    null, null, null, null, null, null, null, List.of(), Optional.empty()));
    assertThat(unlimited.limits()).isEmpty();
    assertThat(unlimited.credits()).isNull();
    assertThatThrownBy(() -> client.keys().credits(key, CreditChange.set(1)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> client.keys().credits(key, new CreditChange(1L, 1L)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.problem().errors().getFirst().field()).isEqualTo("set"));
  }

  @Test
  void lifecycle_throughTheSdk() {
    Service svc = client.services().create(new CreateService("payments", "pay"));
    String con =
        client
            .consumers()
            .create(new CreateConsumer("orders", "orders-1", Map.of("tier", "gold"), null, null))
            .id();
    IssuedKey issued =
        client
            .keys()
            .create(
                new CreateKey(
                    svc.id(),
                    con,
                    "k",
                    Map.of("env", "prod"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                "idem-1");
    assertThat(
            client
                .keys()
                .create(
                    new CreateKey(
                        svc.id(),
                        con,
                        "k",
                        Map.of("env", "prod"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null),
                    "idem-1")
                .key())
        .isEqualTo(issued.key());
    assertThat(client.keys().verify(issued.key(), "payments").code()).isEqualTo(VerifyCode.VALID);

    IssuedKey rotated = client.keys().rotate(issued.data().id(), new RotateKey("PT5M"));
    assertThat(client.keys().verify(issued.key()).previousSecretUsed()).isTrue();
    assertThat(
            client
                .keys()
                .update(
                    issued.data().id(),
                    new UpdateKey(null, null, null, false, null, null, null, null, null))
                .enabled())
        .isFalse();
    assertThat(client.keys().verify(rotated.key()).code()).isEqualTo(VerifyCode.DISABLED);
    client.keys().revoke(issued.data().id(), new RevokeKey("done"));
    assertThat(client.keys().verify(rotated.key()).code()).isEqualTo(VerifyCode.REVOKED);
    assertThat(client.keys().verify("not a key").code()).isEqualTo(VerifyCode.MALFORMED);

    for (int i = 0; i < 25; i++) {
      client
          .keys()
          .create(
              new CreateKey(
                  svc.id(), null, "bulk" + i, null, null, null, null, null, null, null, null));
    }
    assertThat(client.keys().listAll(KeyFilter.any().service(svc.id())).count()).isEqualTo(26);
    assertThat(client.audit().list(100, null).items())
        .extracting(e -> e.action())
        .contains("key.revoked", "key.rotated");
    assertThat(client.rootKeys().list(10, null).items()).hasSize(1);
  }

  @Test
  void failures_arriveAsTypedErrors_withoutSecrets() {
    String svc = client.services().create(new CreateService("payments", null)).id();
    assertThatThrownBy(() -> client.services().create(new CreateService("payments", null)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(
            () ->
                client
                    .keys()
                    .create(
                        new CreateKey(
                            svc,
                            null,
                            "x".repeat(200),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problem().errors())
                    .extracting(f -> f.field())
                    .containsExactly("name"));
    assertThatThrownBy(() -> client.keys().get("key_AAAAAAAAAAAAAAAAAAAAAAAA"))
        .isInstanceOf(NotFoundException.class);

    String narrow =
        client
            .rootKeys()
            .create(new CreateRootKey("narrow", List.of("keys.verify"), null, null, null))
            .key();
    try (LatchkeyClient limited = t.client(narrow)) {
      assertThatThrownBy(() -> limited.keys().get("key_AAAAAAAAAAAAAAAAAAAAAAAA"))
          .isInstanceOf(ForbiddenException.class)
          .hasMessageNotContaining(narrow);
    }
    String unknown = dev.latchkey.core.secret.KeyFormat.generateRoot().reveal();
    try (LatchkeyClient stranger = t.client(unknown)) {
      assertThatThrownBy(() -> stranger.services().list(10, null))
          .isInstanceOf(UnauthorizedException.class)
          .hasMessageNotContaining(unknown);
    }
    assertThat(
            client
                .keys()
                .update(
                    client
                        .keys()
                        .create(
                            new CreateKey(
                                svc, null, null, null, null, null, null, null, null, null, null))
                        .data()
                        .id(),
                    new UpdateKey(
                        "renamed", null, Optional.empty(), null, null, null, null, null, null))
                .name())
        .isEqualTo("renamed");
  }

  @Test
  void roles_throughTheSdk() {
    Role reader =
        client
            .roles()
            .create(new CreateRole("reader", "Reads orders.", List.of("orders:read"), null), "r-1");
    assertThat(
            client
                .roles()
                .create(
                    new CreateRole("reader", "Reads orders.", List.of("orders:read"), null), "r-1"))
        .isEqualTo(reader);
    Role writer =
        client
            .roles()
            .create(new CreateRole("writer", null, List.of("orders:*"), "request.method != 'GET'"));
    assertThat(writer.condition()).isEqualTo("request.method != 'GET'");
    assertThat(
            client
                .roles()
                .update(writer.id(), new UpdateRole(null, null, null, Optional.empty()))
                .condition())
        .isNull();
    assertThatThrownBy(
            () ->
                client
                    .roles()
                    .update(writer.id(), new UpdateRole(null, null, null, Optional.of("1 + 1"))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problem().errors())
                    .extracting(f -> f.field())
                    .containsExactly("condition"));
    assertThat(client.roles().listAll().map(Role::name)).containsExactly("writer", "reader");
    assertThat(client.roles().get(reader.id())).isEqualTo(reader);

    Role changed =
        client
            .roles()
            .update(reader.id(), new UpdateRole(null, Optional.empty(), List.of("*"), null));
    assertThat(changed.description()).isNull();
    assertThat(changed.permissions()).containsExactly("*");
    assertThat(changed.name()).isEqualTo("reader");

    assertThatThrownBy(() -> client.roles().create(new CreateRole("reader", null, List.of(), null)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(
            () ->
                client.roles().create(new CreateRole("x", null, List.of("a:b", "Bad Grant"), null)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.problem().errors())
                    .extracting(f -> f.field())
                    .containsExactly("permissions[1]"));
    assertThatThrownBy(() -> client.roles().get("role_AAAAAAAAAAAAAAAAAAAAAAAA"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void unreachableServer_isAConnectionError() {
    try (LatchkeyClient nowhere =
        LatchkeyClient.builder()
            .baseUri(URI.create("http://127.0.0.1:9"))
            .rootKey(t.rootKey)
            .timeout(Duration.ofSeconds(2))
            .build()) {
      assertThatThrownBy(() -> nowhere.keys().verify("x"))
          .isInstanceOf(LatchkeyConnectionException.class);
    }
  }
}
