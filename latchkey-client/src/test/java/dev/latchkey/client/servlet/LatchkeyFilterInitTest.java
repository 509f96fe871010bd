package dev.latchkey.client.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code web.xml} way: init-params are checked by name and value before anything is built, and
 * each refusal says which init-param is wrong and how. The end-to-end path (a container, a real
 * server) is tested in latchkey-example.
 */
class LatchkeyFilterInitTest {
  private static final String ROOT_KEY = "lk_root_" + "A".repeat(38);

  /** A container's view of a {@code <filter>} element. */
  record Config(Map<String, String> params) implements FilterConfig {
    @Override
    public String getFilterName() {
      return "latchkey";
    }

    @Override
    public ServletContext getServletContext() {
      throw new UnsupportedOperationException("the filter needs no servlet context");
    }

    @Override
    public String getInitParameter(String name) {
      return params.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
      return Collections.enumeration(params.keySet());
    }
  }

  private final List<String> variablesRead = new ArrayList<>();

  private LatchkeyFilter filter(Map<String, String> environment) {
    return new LatchkeyFilter(
        name -> {
          variablesRead.add(name);
          return environment.get(name);
        });
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private void assertRefused(Map<String, String> params, String... messageParts) {
    LatchkeyFilter filter = filter(Map.of("LATCHKEY_ROOT_KEY", ROOT_KEY));
    assertThatThrownBy(() -> filter.init(new Config(params)))
        .isInstanceOf(ServletException.class)
        .hasMessageStartingWith("LatchkeyFilter 'latchkey': ")
        .hasMessageContainingAll(messageParts)
        .message()
        .doesNotContain(ROOT_KEY);
  }

  @Test
  void validInitParams_buildAVerifier_withTheRootKeyOfTheNamedVariable() throws Exception {
    LatchkeyFilter filter = filter(Map.of("ORDERS_ROOT_KEY", ROOT_KEY));

    filter.init(
        new Config(
            params(
                "base-uri", "http://127.0.0.1:9",
                "service", "orders",
                "permissions", "orders:read AND orders:list",
                "cost", "0",
                "limits", "requests, burst",
                "key-header", "X-Orders-Key",
                "root-key-env", "ORDERS_ROOT_KEY")));
    try {
      assertThat(variablesRead).containsExactly("ORDERS_ROOT_KEY");
      assertThat(filter.toString())
          .contains(
              "service=orders",
              "permissions=orders:read AND orders:list",
              "cost=0",
              "limits=[requests, burst]",
              "keyHeader=X-Orders-Key",
              "baseUri=http://127.0.0.1:9")
          .doesNotContain(ROOT_KEY);
    } finally {
      filter.destroy();
    }
  }

  @Test
  void theRootKey_isReadFromLatchkeyRootKey_byDefault() throws Exception {
    LatchkeyFilter filter = filter(Map.of("LATCHKEY_ROOT_KEY", ROOT_KEY));

    filter.init(new Config(params("base-uri", "http://127.0.0.1:9")));
    filter.destroy();

    assertThat(variablesRead).containsExactly("LATCHKEY_ROOT_KEY");
  }

  @Test
  void theRootKey_mayComeFromAFile_asAMountedSecret(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("root-key");
    Files.writeString(file, ROOT_KEY + "\n");
    LatchkeyFilter filter = filter(Map.of());
    filter.init(
        new Config(params("base-uri", "http://127.0.0.1:9", "root-key-file", file.toString())));
    filter.destroy();
    assertThat(variablesRead).isEmpty();

    String base = "http://127.0.0.1:9";
    assertRefused(
        params("base-uri", base, "root-key-file", dir.resolve("missing").toString()),
        "cannot be read",
        "NoSuchFileException");
    Files.writeString(file, " \n");
    assertRefused(params("base-uri", base, "root-key-file", file.toString()), "it is empty");
    assertRefused(
        params("base-uri", base, "root-key-file", file.toString(), "root-key-env", "X"),
        "exclude each other");
  }

  @Test
  void baseUri_isRequired() {
    assertRefused(params("service", "orders"), "init-param base-uri is required");
  }

  @Test
  void baseUri_mustBeAnAbsoluteHttpUri() {
    assertRefused(params("base-uri", "ftp://latchkey.internal"), "absolute http(s) URI");
    assertRefused(params("base-uri", "http://a b"), "init-param base-uri is not a URI");
  }

  @Test
  void aMisspeltName_isRefused_ratherThanSilentlyRequiringNothing() {
    assertRefused(
        params("base-uri", "http://127.0.0.1:9", "permission", "orders:read"),
        "unknown init-param permission",
        "permissions");
  }

  @Test
  void aRootKeyInWebXml_isRefused_withoutQuotingIt() {
    assertRefused(
        params("base-uri", "http://127.0.0.1:9", "root-key", ROOT_KEY),
        "init-param root-key is not accepted",
        "root-key-env");
  }

  @Test
  void anUnsetRootKeyVariable_isNamed() {
    LatchkeyFilter filter = filter(Map.of());

    assertThatThrownBy(
            () ->
                filter.init(
                    new Config(
                        params("base-uri", "http://127.0.0.1:9", "root-key-env", "ORDERS_KEY"))))
        .isInstanceOf(ServletException.class)
        .hasMessageContainingAll("environment variable ORDERS_KEY", "unset");
  }

  @Test
  void aBlankSetting_isRefused_ratherThanReadAsNone() {
    assertRefused(
        params("base-uri", "http://127.0.0.1:9", "permissions", " "),
        "init-param permissions",
        "not blank");
    assertRefused(params("base-uri", "http://127.0.0.1:9", "service", ""), "init-param service");
  }

  @Test
  void badValues_nameTheirInitParam() {
    String base = "http://127.0.0.1:9";
    assertRefused(params("base-uri", base, "cost", "one"), "init-param cost", "whole number");
    assertRefused(params("base-uri", base, "cost", "-1"), "init-param cost");
    assertRefused(params("base-uri", base, "limits", "Requests"), "init-param limits");
    assertRefused(params("base-uri", base, "limits", "a,"), "init-param limits");
    assertRefused(params("base-uri", base, "key-header", "X Key"), "init-param key-header");
    assertRefused(params("base-uri", base, "key-header", "authorization"), "init-param key-header");
  }

  @Test
  void nonHttpRequests_areRefused() {
    LatchkeyFilter filter = filter(Map.of());

    assertThatThrownBy(() -> filter.doFilter(null, null, null))
        .isInstanceOf(ServletException.class)
        .hasMessageContaining("HTTP requests only");
  }
}
