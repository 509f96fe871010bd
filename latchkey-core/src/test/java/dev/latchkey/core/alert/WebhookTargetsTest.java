package dev.latchkey.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which webhook targets are refused (SSRF), with names pinned to addresses by a resolver. */
class WebhookTargetsTest {
  private static final WebhookTargets NONE = WebhookTargets.allowing("");

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1.2.3",
        "0.0.0.0",
        "10.0.0.1",
        "172.16.5.4",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.100.100.200",
        "224.0.0.1",
        "255.255.255.255",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::1",
        "2001:db8::1"
      })
  void internalAddresses_areRefused(String address) {
    assertThat(NONE.permitted(ip(address))).as(address).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.215.14", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111"})
  void publicAddresses_arePermitted(String address) {
    assertThat(NONE.permitted(ip(address))).as(address).isTrue();
  }

  @Test
  void theAllowList_permitsWhatItNames_andNothingElse() {
    WebhookTargets allow = WebhookTargets.allowing("127.0.0.1/32, 10.1.0.0/16");
    assertThat(allow.permitted(ip("127.0.0.1"))).isTrue();
    assertThat(allow.permitted(ip("10.1.200.3"))).isTrue();
    assertThat(allow.permitted(ip("127.0.0.2"))).isFalse();
    assertThat(allow.permitted(ip("10.2.0.1"))).isFalse();
    assertThatThrownBy(() -> WebhookTargets.allowing("10.0.0.0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/x",
        "file:///etc/passwd",
        "gopher://example.com/",
        "http://user:pw@example.com/",
        "https://example.com/#frag",
        "http:///nohost",
        "not a url",
        "javascript:alert(1)",
        "//example.com/x"
      })
  void urlsOfTheWrongForm_areRefused(String url) {
    assertThatThrownBy(() -> NONE.checkUrl(url))
        .as(url)
        .isInstanceOf(RefusedTargetException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(url));
  }

  @Test
  void aName_isRefused_whenAnyAddressItResolvesToIsInternal() {
    Map<String, List<InetAddress>> dns =
        Map.of(
            "public.test", List.of(ip("93.184.215.14")),
            "mixed.test", List.of(ip("93.184.215.14"), ip("10.0.0.1")),
            "metadata.test", List.of(ip("169.254.169.254")));
    WebhookTargets pinned =
        NONE.withResolver(
            host -> {
              List<InetAddress> found = dns.get(host);
              if (found == null) {
                throw new UnknownHostException(host);
              }
              return found;
            });

    assertThat(pinned.resolve(pinned.checkUrl("https://public.test/hook")))
        .isEqualTo(ip("93.184.215.14"));
    assertThatThrownBy(() -> pinned.resolve(pinned.checkUrl("https://mixed.test/hook")))
        .isInstanceOf(RefusedTargetException.class);
    assertThatThrownBy(() -> pinned.resolve(pinned.checkUrl("http://metadata.test/latest")))
        .isInstanceOf(RefusedTargetException.class);
    assertThatThrownBy(() -> pinned.resolve(pinned.checkUrl("https://nowhere.test/")))
        .isInstanceOf(RefusedTargetException.class)
        .hasMessageContaining("does not resolve");
  }

  @Test
  void theTarget_keepsPathAndQuery_andTheHostHeaderItsPort() {
    WebhookTargets.Target t = NONE.checkUrl("https://Example.com:8443/a/b?c=d");
    assertThat(t.host()).isEqualTo("example.com");
    assertThat(t.port()).isEqualTo(8443);
    assertThat(t.requestTarget()).isEqualTo("/a/b?c=d");
    assertThat(t.hostHeader()).isEqualTo("example.com:8443");
    assertThat(NONE.checkUrl("http://example.com").hostHeader()).isEqualTo("example.com");
    assertThat(NONE.checkUrl("http://example.com").requestTarget()).isEqualTo("/");
  }
}
