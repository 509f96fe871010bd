package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.secret.KeyFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search the leak tests rely on finds a planted secret, whole or without its prefix. */
class SecretGrepTest {
  private final String key = KeyFormat.generate("pay").reveal();
  private final String root = KeyFormat.generateRoot().reveal();

  @Test
  void findsAPlantedSecret_wholeOrWithoutItsPrefix_andReportsItRedacted() {
    String body = key.substring(4);
    List<String> leaks =
        SecretGrep.leaks(
            List.of(key, root),
            Map.of(
                "stderr", "2026 INFO request ok\n2026 DEBUG presented " + key + "\n",
                "json", "{\"message\":\"x-api-key=" + body + "\"}",
                "clean", "nothing here but " + key.substring(0, 12)));
    assertThat(leaks)
        .hasSize(2)
        .anyMatch(l -> l.startsWith("stderr"))
        .anyMatch(l -> l.startsWith("json"));
    assertThat(String.join("\n", leaks)).doesNotContain(body).doesNotContain(root.substring(8));
  }

  @Test
  void findsARootKeySecretPart() {
    String part = root.substring(root.lastIndexOf('_') + 1);
    assertThat(SecretGrep.leaks(List.of(root), Map.of("log", "rk " + part))).hasSize(1);
    assertThat(SecretGrep.leaks(List.of(root), Map.of("log", "lk_root_…"))).isEmpty();
  }
}
