package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void newIds_haveTheirTypeAndPassValidation_onlyForThatType() {
    String id = Ids.newId("key");
    assertThat(id).matches("key_[0-9A-Za-z]{24}");
    assertThat(Ids.isValid("key", id)).isTrue();
    assertThat(Ids.isValid("svc", id)).isFalse();
    assertThat(Ids.isValid("key", id + "x")).isFalse();
    assertThat(Ids.isValid("key", "key_" + "!".repeat(24))).isFalse();
    assertThat(Ids.isValid("key", null)).isFalse();
    assertThat(Ids.newId("key")).isNotEqualTo(id);
  }

  @Test
  void correlationIds_haveTheShapeOfIds_andDoNotRepeat() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.newCorrelationId("req");
      assertThat(Ids.isValid("req", id)).as(id).isTrue();
      assertThat(seen.add(id)).as(id).isTrue();
    }
  }
}
