package dev.latchkey.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretResolverTest {
  private final Map<String, String> values = new HashMap<>();
  private final SecretProvider memory =
      new SecretProvider() {
        @Override
        public String scheme() {
          return "mem";
        }

        @Override
        public ServerSecret fetch(SecretReference reference) {
          String v = values.get(reference.body());
          if (v == null) {
            throw new SecretUnavailableException("mem:" + reference.body() + " is not set");
          }
          return ServerSecret.of(v);
        }
      };
  private final SecretResolver resolver = SecretResolver.of(List.of(memory));
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Handle.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private static String secret() {
    return "s-" + UUID.randomUUID();
  }

  @Test
  void resolve_readsTheCurrentValue() {
    String pw = secret();
    values.put("db", pw);
    ResolvedSecret resolved = resolver.resolve("--database-password", "mem:db");
    assertThat(resolved.current().reveal()).isEqualTo(pw);
    assertThat(resolved.reference()).isEqualTo(new SecretReference("mem", "db"));
  }

  @Test
  void anUnknownScheme_isRefusedListingTheKnownOnes_withoutRepeatingTheText() {
    String plain = secret();
    assertThatThrownBy(() -> resolver.resolve("--redis-password", plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--redis-password")
        .hasMessageContaining("mem:")
        .hasMessageNotContaining(plain);
    assertThatThrownBy(() -> resolver.resolve("--redis-password", "nope:x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mem:");
  }

  @Test
  void anUnavailableSecret_namesTheSettingTheReferenceAndTheReason() {
    assertThatThrownBy(() -> resolver.resolve("--database-password", "mem:missing"))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("--database-password (mem:missing): mem:missing is not set");
  }

  @Test
  void refreshAll_takesNewValues_andTellsListenersOnlyOnChange() {
    values.put("db", secret());
    ResolvedSecret resolved = resolver.resolve("--database-password", "mem:db");
    List<String> seen = new ArrayList<>();
    resolved.onChange(s -> seen.add(s.reveal()));

    assertThat(resolver.refreshAll()).isZero();
    assertThat(seen).isEmpty();

    String next = secret();
    values.put("db", next);
    assertThat(resolver.refreshAll()).isEqualTo(1);
    assertThat(resolved.current().reveal()).isEqualTo(next);
    assertThat(seen).containsExactly(next);
  }

  @Test
  void aFailedRefresh_keepsTheOldValue_andWarnsWithoutTheValue() {
    String pw = secret();
    values.put("db", pw);
    ResolvedSecret resolved = resolver.resolve("--database-password", "mem:db");
    values.remove("db");

    assertThat(resolver.refreshAll()).isZero();

    assertThat(resolved.current().reveal()).isEqualTo(pw);
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel().toString()).isEqualTo("WARN");
              assertThat(e.getFormattedMessage())
                  .contains("--database-password", "mem:db")
                  .doesNotContain(pw);
            });
  }

  @Test
  void aListenerThatThrows_doesNotStopTheOthers() {
    values.put("db", secret());
    ResolvedSecret resolved = resolver.resolve("--database-password", "mem:db");
    List<String> seen = new ArrayList<>();
    resolved.onChange(
        s -> {
          throw new IllegalStateException("broken listener");
        });
    resolved.onChange(s -> seen.add(s.reveal()));
    values.put("db", secret());

    resolver.refreshAll();

    assertThat(seen).containsExactly(values.get("db"));
  }

  @Test
  void twoProvidersOfOneScheme_areRefused() {
    assertThatThrownBy(() -> SecretResolver.of(List.of(memory, memory)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
