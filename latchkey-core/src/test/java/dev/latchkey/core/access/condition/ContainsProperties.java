package dev.latchkey.core.access.condition;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/** The linear substring test agrees with the JDK's on every input. */
class ContainsProperties {
  @Property
  void agreesWithStringContains(
      @ForAll @CharRange(from = 'a', to = 'c') @StringLength(max = 40) String text,
      @ForAll @CharRange(from = 'a', to = 'c') @StringLength(max = 6) String part) {
    assertThat(Functions.contains(text, part)).isEqualTo(text.contains(part));
  }

  @Property
  void agreesOnAnyText(@ForAll String text, @ForAll @StringLength(max = 4) String part) {
    assertThat(Functions.contains(text, part)).isEqualTo(text.contains(part));
    assertThat(Functions.contains(text + part + text, part)).isTrue();
  }
}
