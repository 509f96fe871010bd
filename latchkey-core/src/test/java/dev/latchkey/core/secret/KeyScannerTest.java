package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys are found by shape and checksum, wherever they sit in the input. */
class KeyScannerTest {
  private static List<KeyScanner.Found> scan(String text) throws IOException {
    List<KeyScanner.Found> found = new ArrayList<>();
    KeyScanner.scan(new StringReader(text), found::add);
    return found;
  }

  private static List<String> keys(String text) throws IOException {
    return scan(text).stream().map(f -> f.secret().reveal()).toList();
  }

  @Test
  void findsKeysInTheWaysTheyAreWrittenDown() throws IOException {
    String pay = KeyFormat.generate("pay").reveal();
    String root = KeyFormat.generateRoot().reveal();
    String longPrefix = KeyFormat.generate("abcdefghijklmnop").reveal();
    String text =
        "PAY_KEY="
            + pay
            + "\n{\"root\":\""
            + root
            + "\"}\ncurl -H 'Authorization: Bearer "
            + longPrefix
            + "' https://api\n";
    assertThat(keys(text)).containsExactly(pay, root, longPrefix);
    assertThat(scan(text)).extracting(KeyScanner.Found::line).containsExactly(1L, 2L, 3L);
  }

  @Test
  void runsOfTheRightShapeWithoutTheChecksumAreNotKeys() throws IOException {
    String pay = KeyFormat.generate("pay").reveal();
    char last = pay.charAt(pay.length() - 1);
    String wrongCheck = pay.substring(0, pay.length() - 1) + (last == 'a' ? 'b' : 'a');
    char first = pay.charAt(4);
    String wrongBody = pay.substring(0, 4) + (first == 'a' ? 'b' : 'a') + pay.substring(5);
    assertThat(keys(wrongCheck + " " + wrongBody)).isEmpty();
    // 38 base62 characters after a lower-case word: the shape alone would match
    assertThat(keys("some_" + "a".repeat(38))).isEmpty();
  }

  @Test
  void aKeyIsFoundWhateverSurroundsIt_escapesEncodingsAndLongerWords() throws IOException {
    String pay = KeyFormat.generate("pay").reveal();
    String root = KeyFormat.generateRoot().reveal();
    for (String around :
        new String[] {
          "\"a\\n%s\"", "token%%3D%s", "PAY_KEY_%s", "X%s", "%sZ", "=%s.", "lk_%s", "abc%sdef"
        }) {
      assertThat(keys(String.format(around, pay))).as(around).containsExactly(pay);
      assertThat(keys(String.format(around, root))).as(around).containsExactly(root);
    }
    // a longer lower-case word before the prefix: the key's own prefix is still found
    assertThat(keys("abcdefghijklmnopqrstu" + pay)).containsExactly(pay);
    assertThat(keys(pay + pay)).containsExactly(pay, pay);
  }

  @Test
  void keysAcrossEveryChunkBoundaryAreFound_withTheirLines() throws IOException {
    String pay = KeyFormat.generate("pay").reveal();
    int chunk = 64 * 1024;
    for (int offset = chunk - pay.length() - 2; offset <= chunk + 2; offset++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < offset - 1; i++) {
        text.append(i % 100 == 99 ? '\n' : ' ');
      }
      text.append(' ').append(pay).append(" tail ").append(pay).append('\n');
      long lines = text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
      List<KeyScanner.Found> found = scan(text.toString());
      assertThat(found).as("offset %d", offset).hasSize(2);
      assertThat(found.get(0).line()).as("offset %d", offset).isEqualTo(lines);
      assertThat(found.get(0).secret().reveal()).isEqualTo(pay);
    }
  }

  @Test
  void manyKeysInALargeSingleLineInput_andBinaryBytes() throws IOException {
    List<String> expected = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      String k = KeyFormat.generate("svc" + (i % 7)).reveal();
      expected.add(k);
      text.append("\u00ff\u0000").append(k).append(',');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
    List<String> found = new ArrayList<>();
    int count =
        KeyScanner.scan(new ByteArrayInputStream(bytes), f -> found.add(f.secret().reveal()));
    assertThat(count).isEqualTo(2000);
    assertThat(found).isEqualTo(expected);
  }

  @Test
  void aFindingNeverPrintsItsSecret() throws IOException {
    String pay = KeyFormat.generate("pay").reveal();
    assertThat(scan(pay).get(0).toString()).doesNotContain(pay.substring(4));
  }
}
