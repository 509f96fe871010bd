package dev.latchkey.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {
  private final Principal all =
      Principal.of("ws", "rk", Set.of(Permission.ALL), java.util.Optional.empty());
  private final Principal keysOnly =
      Principal.of(
          "ws",
          "rk",
          EnumSet.of(Permission.KEYS_CREATE, Permission.KEYS_READ),
          java.util.Optional.empty());

  @Test
  void wildcard_holdsEverything_andCanGrantEverything() {
    for (Permission p : Permission.values()) {
      assertThat(all.holds(p)).isTrue();
    }
    assertThat(all.holdsAll(EnumSet.allOf(Permission.class))).isTrue();
  }

  @Test
  void narrowKey_holdsOnlyItsOwn_andCannotGrantMoreOrTheWildcard() {
    assertThat(keysOnly.holds(Permission.KEYS_CREATE)).isTrue();
    assertThat(keysOnly.holds(Permission.KEYS_REVOKE)).isFalse();
    assertThat(keysOnly.holdsAll(EnumSet.of(Permission.KEYS_READ))).isTrue();
    assertThat(keysOnly.holdsAll(EnumSet.of(Permission.KEYS_READ, Permission.KEYS_REVOKE)))
        .isFalse();
    assertThat(keysOnly.holdsAll(EnumSet.of(Permission.ALL))).isFalse();
  }

  @Test
  void wireNames_roundTrip() {
    for (Permission p : Permission.values()) {
      assertThat(Permission.ofWireName(p.wireName())).contains(p);
    }
    assertThat(Permission.ofWireName("keys.destroy")).isEmpty();
  }
}
