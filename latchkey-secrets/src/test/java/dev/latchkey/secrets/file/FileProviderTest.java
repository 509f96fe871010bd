package dev.latchkey.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProviderTest {
  @TempDir Path dir;
  private final FileProvider files = FileProvider.create();

  private String fetch(Path file) {
    return files.fetch(SecretReference.parse("file:" + file)).reveal();
  }

  @Test
  void stripsExactlyOneTrailingLineBreak() throws Exception {
    String secret = UUID.randomUUID().toString();
    Path file = dir.resolve("pw");
    for (String[] c :
        new String[][] {
          {secret, secret},
          {secret + "\n", secret},
          {secret + "\r\n", secret},
          {secret + "\n\n", secret + "\n"},
          {" " + secret + " \n", " " + secret + " "}
        }) {
      Files.writeString(file, c[0]);
      assertThat(fetch(file)).isEqualTo(c[1]);
    }
  }

  @Test
  void readsTheFileAnewEachTime() throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "one");
    assertThat(fetch(file)).isEqualTo("one");
    Files.writeString(file, "two");
    assertThat(fetch(file)).isEqualTo("two");
  }

  @Test
  void missingRelativeOrEmpty_isUnavailable_namingThePath() throws Exception {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> fetch(missing))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("file:" + missing + " does not exist");
    assertThatThrownBy(() -> files.fetch(SecretReference.parse("file:relative/pw")))
        .hasMessageContaining("relative/pw is not an absolute path");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> fetch(empty)).hasMessage("file:" + empty + " is empty");
    assertThatThrownBy(() -> fetch(dir)).hasMessageContaining("file:" + dir + " cannot be read");
  }
}
