package dev.latchkey.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reply cannot carry a header that would split the response or add one: Helidon's own check of
 * response headers is off, so this is the check.
 */
class ReplyTest {
  private static Reply withHeader(String name, String value) {
    return new Reply(200, new byte[0], "text/plain", Map.of(name, value));
  }

  @Test
  void valuesWithLineBreaksOrControlsAreRefused_withoutQuotingThem() {
    for (String value :
        new String[] {
          "a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "caf\u00e9"
        }) {
      assertThatThrownBy(() -> withHeader("X-Latchkey-Consumer", value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("X-Latchkey-Consumer")
          .hasMessageNotContaining(value);
    }
    assertThatThrownBy(() -> new Reply(200, new byte[0], "text/plain\r\nX-A: b", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Reply.json(200, new byte[0]).withHeader("Retry-After", "1\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesMustBeTokens() {
    for (String name : new String[] {"", "X Latchkey", "X-Latchkey:", "X-\u00e9", "X-A\r\n"}) {
      assertThatThrownBy(() -> withHeader(name, "v")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void printableAsciiSpacesAndTabsPass() {
    Reply reply =
        withHeader("RateLimit-Policy", "10;w=60, \"quoted\"\t~!#$%&'*+-.^_`|")
            .withHeader("WWW-Authenticate", "Bearer realm=\"latchkey\"");
    assertThat(reply.headers()).hasSize(2);
  }
}
