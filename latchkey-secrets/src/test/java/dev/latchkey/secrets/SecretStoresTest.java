package dev.latchkey.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.sink.SinkDriver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretStoresTest {
  @Test
  void offersOneProviderPerScheme_andOneDriverPerType() {
    assertThat(SecretStores.providers(Map.of()))
        .extracting(SecretProvider::scheme)
        .containsExactly("env", "file", "vault", "aws-sm", "azure-kv");
    assertThat(SecretStores.sinkDrivers(Path.of("/nonexistent/sinks")))
        .extracting(SinkDriver::type)
        .containsExactly("file", "vault", "aws-sm", "azure-kv", "kubernetes");
  }
}
