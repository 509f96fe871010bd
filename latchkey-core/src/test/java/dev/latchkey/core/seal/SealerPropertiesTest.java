package dev.latchkey.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class SealerPropertiesTest {
  static final Sealer SEALER = Sealer.envelope(Sealer.newKeyEncryptionKey(), List.of());

  @Property(tries = 200)
  void anyBytes_roundTripUnderAnyContext(
      @ForAll @Size(max = 2048) List<Byte> bytes, @ForAll @StringLength(max = 64) String context) {
    byte[] value = new byte[bytes.size()];
    for (int i = 0; i < value.length; i++) {
      value[i] = bytes.get(i);
    }

    String sealed = SEALER.seal(value, context);

    assertThat(sealed).matches("lk1\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]+");
    assertThat(SEALER.open(sealed, context)).isEqualTo(value);
    assertThatThrownBy(() -> SEALER.open(sealed, context + "x")).isInstanceOf(SealException.class);
  }
}
