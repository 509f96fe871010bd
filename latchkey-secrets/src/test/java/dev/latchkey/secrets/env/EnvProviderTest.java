package dev.latchkey.secrets.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvProviderTest {
  @Test
  void readsTheVariable_asItIs() {
    String value = UUID.randomUUID() + "\n";
    EnvProvider env = EnvProvider.of(Map.of("PGPASSWORD", value));
    assertThat(env.scheme()).isEqualTo("env");
    assertThat(env.fetch(SecretReference.parse("env:PGPASSWORD")).reveal()).isEqualTo(value);
  }

  @Test
  void unsetOrEmpty_isUnavailable_namingTheVariable() {
    EnvProvider env = EnvProvider.of(Map.of("EMPTY", ""));
    for (String name : new String[] {"EMPTY", "MISSING"}) {
      assertThatThrownBy(() -> env.fetch(SecretReference.parse("env:" + name)))
          .isInstanceOf(SecretUnavailableException.class)
          .hasMessage("env:" + name + " is not set");
    }
  }
}
