package dev.latchkey.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The literal start by which the router narrows the templates it tries. */
class PathTemplateTest {
  @Test
  void prefixIsTheFirstTwoSegmentsWhenLiteral() {
    assertThat(new PathTemplate("/v1/keys/{id}").prefix()).contains("v1/keys");
    assertThat(new PathTemplate("/v1/keys:verify").prefix()).contains("v1/keys:verify");
    assertThat(new PathTemplate("/healthz").prefix()).contains("healthz");
    assertThat(new PathTemplate("/v1/{id}:rotate").prefix()).isEmpty();
    assertThat(new PathTemplate("/{any}/keys").prefix()).isEmpty();
    assertThat(new PathTemplate("/v1/forward-auth/{path}", true).prefix())
        .contains("v1/forward-auth");
  }

  @Test
  void everyPathATemplateMatchesHasTheTemplatesPrefix() {
    PathTemplate keys = new PathTemplate("/v1/keys/{id}");
    PathTemplate greedy = new PathTemplate("/v1/forward-auth/{path}", true);
    for (String path :
        new String[] {"/v1/keys/k1", "/v1/forward-auth/", "/v1/forward-auth/a/b", "/healthz"}) {
      List<String> split = PathTemplate.split(path);
      for (PathTemplate t : List.of(keys, greedy, new PathTemplate("/healthz"))) {
        if (t.match(split).isPresent()) {
          assertThat(t.prefix()).contains(PathTemplate.prefixOf(split));
        }
      }
    }
    assertThat(greedy.match(PathTemplate.split("/v1/forward-auth/a/b")))
        .isEqualTo(Optional.of(Map.of("path", "a/b")));
    assertThat(keys.match(PathTemplate.split("/v1/keys/k1"))).contains(Map.of("id", "k1"));
    assertThat(new PathTemplate("/v1/keys").match(PathTemplate.split("/v1/keys")))
        .contains(Map.of());
  }
}
