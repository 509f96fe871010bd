package dev.latchkey.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.sink.SinkConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Which {@code path} settings a file sink accepts: only those that stay under its root. */
class SinkPathProperties {
  private static final Path ROOT = Path.of("/srv/latchkey/sinks");
  private final FileSinkDriver sink = FileSinkDriver.under(ROOT);

  @Provide
  Arbitrary<List<String>> segments() {
    Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().withChars("._-").ofLength(3);
    Arbitrary<String> any = Arbitraries.oneOf(plain, Arbitraries.of("..", ".", "a", ""));
    return any.list().ofMinSize(1).ofMaxSize(5);
  }

  @Property
  void anAcceptedPath_resolvesUnderTheRoot(@ForAll("segments") List<String> segments) {
    String path = String.join("/", segments);
    boolean accepted =
        !sink.problems(new SinkConfig(Map.of("path", path), Map.of())).containsKey("settings.path");
    if (accepted) {
      Path target = ROOT.resolve(path).normalize();
      assertThat(target.startsWith(ROOT) && !target.equals(ROOT)).as(path).isTrue();
      assertThat(target).isEqualTo(ROOT.resolve(path)); // nothing for normalize to remove
    }
    if (segments.stream().anyMatch(s -> s.equals("..") || s.equals(".") || s.isEmpty())) {
      assertThat(accepted).as(path).isFalse();
    }
  }
}
