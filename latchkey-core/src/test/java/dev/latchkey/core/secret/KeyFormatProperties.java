package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class KeyFormatProperties {

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .ofLength(1)
        .flatMap(
            first ->
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withCharRange('0', '9')
                    .ofMinLength(0)
                    .ofMaxLength(15)
                    .map(rest -> first + rest));
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        prefixes().map(p -> KeyFormat.generate(p).reveal()),
        Arbitraries.just(0).map(x -> KeyFormat.generateRoot().reveal()));
  }

  @Property
  void generatedKeys_parseBackToTheSameSecret(@ForAll("keys") String key) {
    assertThat(KeyFormat.parse(key)).isPresent().get().extracting(Secret::reveal).isEqualTo(key);
  }

  @Property
  void generatedKeys_haveTheDocumentedShape(@ForAll("prefixes") String prefix) {
    String key = KeyFormat.generate(prefix).reveal();
    assertThat(key).matches(prefix + "_[0-9A-Za-z]{38}");
  }

  @Property
  void everySingleCharacterChange_isDetected(
      @ForAll("keys") String key,
      @ForAll @IntRange(min = 0, max = 54) int at,
      @ForAll char replacement) {
    int i = at % key.length();
    if (key.charAt(i) == replacement) {
      return;
    }
    String changed = key.substring(0, i) + replacement + key.substring(i + 1);
    assertThat(KeyFormat.parse(changed)).isEmpty();
  }

  @Property
  void everySingleAlphabetSubstitution_isDetected(@ForAll("keys") String key) {
    for (int i = 0; i < key.length(); i++) {
      for (char c : Base62.ALPHABET.toCharArray()) {
        if (c == key.charAt(i)) {
          continue;
        }
        String changed = key.substring(0, i) + c + key.substring(i + 1);
        assertThat(KeyFormat.parse(changed)).as("change at %d to %s", i, c).isEmpty();
      }
    }
  }

  @Property
  void everyAdjacentTransposition_isDetected(@ForAll("keys") String key) {
    for (int i = 0; i + 1 < key.length(); i++) {
      if (key.charAt(i) == key.charAt(i + 1)) {
        continue;
      }
      String swapped =
          key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
      assertThat(KeyFormat.parse(swapped)).as("swap at %d", i).isEmpty();
    }
  }

  @Property
  void dropOrAddACharacter_isRejected(
      @ForAll("keys") String key, @ForAll @IntRange(min = 0, max = 54) int at) {
    int i = at % key.length();
    assertThat(KeyFormat.parse(key.substring(0, i) + key.substring(i + 1))).isEmpty();
    assertThat(KeyFormat.parse(key.substring(0, i) + "a" + key.substring(i))).isEmpty();
  }

  @Property
  void arbitraryText_neverParsesAndNeverThrows(@ForAll @StringLength(max = 80) String text) {
    assertThat(KeyFormat.parse(text)).isEmpty();
  }
}
