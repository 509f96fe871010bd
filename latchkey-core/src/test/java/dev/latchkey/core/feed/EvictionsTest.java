package dev.latchkey.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.store.Change;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionsTest {
  static final Instant T = Instant.parse("2027-03-01T10:00:00Z");

  @Test
  void aConsumerChange_evictsThatConsumersLimits_withoutReadingTheStore() {
    List<Change> changes =
        List.of(
            new Change("ws_a", "consumer", "con_1", "updated", T),
            new Change("ws_b", "consumer", "con_2", "created", T),
            new Change("ws_a", "service", "svc_1", "updated", T));

    Evictions evictions = Evictions.of(null, changes);

    assertThat(Evictions.needsStore(changes)).isFalse();
    assertThat(evictions.consumers())
        .containsExactly(
            new Evictions.ConsumerRef("ws_a", "con_1"), new Evictions.ConsumerRef("ws_b", "con_2"));
    assertThat(evictions.serviceNames()).isTrue();
    assertThat(Evictions.NONE.consumers()).isEmpty();
  }
}
