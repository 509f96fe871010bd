package dev.latchkey.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The path forward-auth conditions see, as a gateway routes it. */
class CanonicalPathTest {
  @Test
  void decodesMergesDropsParametersAndResolvesDots() {
    String[][] cases = {
      {"/orders", "/orders"},
      {"/orders/", "/orders/"},
      {"/%6Frders", "/orders"},
      {"/public/../orders", "/orders"},
      {"/public/..;/orders", "/orders"},
      {"/public/%2e%2e;x/orders", "/orders"},
      {"//orders//17", "/orders/17"},
      {"/a/./b/.", "/a/b/"},
      {"/a/b/..", "/a/"},
      {"/../../etc", "/etc"},
      {"/orders?x=/../admin", "/orders"},
      {"/orders#frag", "/orders"},
      {"/%", "/%"},
      {"/%4", "/%4"},
      {"/%２F", "/%２F"}, // fullwidth digits are no hex
      {"/.hidden/..x", "/.hidden/..x"},
      {"/caf%C3%A9", "/café"},
    };
    for (String[] c : cases) {
      assertThat(ForwardAuthRequests.canonical(c[0])).as(c[0]).isEqualTo(c[1]);
    }
  }

  /** The short way for paths canonical as sent gives what the long way gives, for any path. */
  @Property(tries = 3000)
  void theShortWay_agreesWithTheLongWay(
      @ForAll
          @StringLength(max = 24)
          @Chars({'/', '.', '%', ';', '?', '#', 'a', 'B', '2', 'f', ' '})
          @Chars({'\u00e9', '\u0100', '~', '\u007f', '\t'})
          String raw) {
    String expected = raw.isEmpty() ? raw : ForwardAuthRequests.resolved(raw, end(raw));
    assertThat(ForwardAuthRequests.canonical(raw)).as(raw).isEqualTo(expected);
  }

  private static int end(String raw) {
    int end = raw.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = raw.indexOf(stop);
      end = at >= 0 && at < end ? at : end;
    }
    return end;
  }
}
