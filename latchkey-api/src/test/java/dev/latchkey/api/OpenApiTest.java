package dev.latchkey.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  @Test
  void yaml_isTheDocumentOnTheClasspath() throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApi.RESOURCE)) {
      assertThat(in).isNotNull();
      assertThat(OpenApi.yaml()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(OpenApi.yaml()).startsWith("openapi: 3.1.0\n");
  }

  @Test
  void yaml_isReadOnceAndKept() {
    assertThat(OpenApi.yaml()).isSameAs(OpenApi.yaml());
  }

  @Test
  void bytes_areTheUtf8OfTheText_andACopyEachTime() {
    byte[] first = OpenApi.bytes();
    assertThat(first).isEqualTo(OpenApi.yaml().getBytes(StandardCharsets.UTF_8));
    first[0] = 'X';
    assertThat(OpenApi.bytes()[0]).isEqualTo((byte) 'o');
  }

  @Test
  void mediaType_isYaml() {
    assertThat(OpenApi.MEDIA_TYPE).isEqualTo("application/yaml");
  }
}
