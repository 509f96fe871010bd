package dev.latchkey.server.api;

import static org.assertj.core.api.Assertions.assertThat;

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
}
