package dev.latchkey.client.servlet;

import dev.latchkey.client.Verifier;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a {@link LatchkeyFilter}'s init-params ({@code web.xml}) into its settings and a verifier
 * of its own. Every name is checked: a misspelt {@code permission} silently requiring nothing would
 * admit any key of the service. The root key comes only from the environment; an init-param holding
 * it is refused, since {@code web.xml} ends up in archives, images and repositories.
 */
record InitParams(LatchkeyFilter.Settings settings, Verifier verifier) {
  static final String BASE_URI = "base-uri";
  static final String SERVICE = "service";
  static final String PERMISSIONS = "permissions";
  static final String COST = "cost";
  static final String LIMITS = "limits";
  static final String KEY_HEADER = "key-header";
  static final String ROOT_KEY_ENV = "root-key-env";
  static final String ROOT_KEY_FILE = "root-key-file";
  static final String DEFAULT_ROOT_KEY_ENV = "LATCHKEY_ROOT_KEY";

  private static final Set<String> KNOWN =
      Set.of(BASE_URI, SERVICE, PERMISSIONS, COST, LIMITS, KEY_HEADER, ROOT_KEY_ENV, ROOT_KEY_FILE);

  /**
   * @throws ServletException naming the first bad init-param, before any verifier is built
   */
  static InitParams read(FilterConfig config, UnaryOperator<String> environment)
      throws ServletException {
    String filter = "LatchkeyFilter '" + config.getFilterName() + "': ";
    checkNames(config, filter);
    LatchkeyFilter.Settings settings = settings(config, filter);
    URI baseUri = baseUri(config, filter);
    String rootKey = rootKey(config, environment, filter);
    try {
      return new InitParams(settings, Verifier.builder().baseUri(baseUri).rootKey(rootKey).build());
    } catch (IllegalArgumentException e) {
      // The builder's messages name what is wrong and never quote the root key.
      throw new ServletException(filter + e.getMessage());
    }
  }

  private static void checkNames(FilterConfig config, String filter) throws ServletException {
    List<String> names = new ArrayList<>(Collections.list(config.getInitParameterNames()));
    if (names.contains("root-key")) {
      throw new ServletException(
          filter
              + "init-param root-key is not accepted: a secret does not belong in web.xml."
              + " Put the root key in an environment variable and name it in "
              + ROOT_KEY_ENV
              + " (default "
              + DEFAULT_ROOT_KEY_ENV
              + "), or in a file (a mounted secret) and name it in "
              + ROOT_KEY_FILE);
    }
    for (String name : names) {
      if (!KNOWN.contains(name)) {
        throw new ServletException(
            filter + "unknown init-param " + name + "; known: " + String.join(", ", sorted()));
      }
    }
  }

  private static LatchkeyFilter.Settings settings(FilterConfig config, String filter)
      throws ServletException {
    LatchkeyFilter.Settings.Builder b = LatchkeyFilter.Settings.builder();
    String current = null;
    try {
      current = SERVICE;
      optional(config, SERVICE).ifPresent(b::service);
      current = PERMISSIONS;
      optional(config, PERMISSIONS).ifPresent(b::permissions);
      current = COST;
      optional(config, COST).map(InitParams::cost).ifPresent(b::cost);
      current = LIMITS;
      optional(config, LIMITS)
          .map(v -> Arrays.stream(v.split(",", -1)).map(String::strip).toList())
          .ifPresent(b::limits);
      current = KEY_HEADER;
      optional(config, KEY_HEADER).ifPresent(b::keyHeader);
    } catch (IllegalArgumentException e) {
      throw new ServletException(filter + "init-param " + current + ": " + e.getMessage());
    }
    return b.build();
  }

  private static URI baseUri(FilterConfig config, String filter) throws ServletException {
    String value =
        optional(config, BASE_URI)
            .orElseThrow(
                () ->
                    new ServletException(
                        filter
                            + "init-param "
                            + BASE_URI
                            + " is required: the Latchkey server's root URI,"
                            + " e.g. https://latchkey.internal"));
    try {
      return new URI(value);
    } catch (java.net.URISyntaxException e) {
      throw new ServletException(
          filter + "init-param " + BASE_URI + " is not a URI: " + e.getReason());
    }
  }

  private static String rootKey(
      FilterConfig config, UnaryOperator<String> environment, String filter)
      throws ServletException {
    Optional<String> file = optional(config, ROOT_KEY_FILE);
    if (file.isPresent()) {
      if (optional(config, ROOT_KEY_ENV).isPresent()) {
        throw new ServletException(
            filter
                + "init-params "
                + ROOT_KEY_ENV
                + " and "
                + ROOT_KEY_FILE
                + " exclude each other");
      }
      return rootKeyFile(file.get(), filter);
    }
    String variable = optional(config, ROOT_KEY_ENV).orElse(DEFAULT_ROOT_KEY_ENV);
    String value = variable.isEmpty() ? null : environment.apply(variable);
    if (value == null || value.isBlank()) {
      throw new ServletException(
          filter
              + "the environment variable "
              + variable
              + " (named by init-param "
              + ROOT_KEY_ENV
              + ") must hold a root key with keys.verify and events.read; it is "
              + (value == null ? "unset" : "blank"));
    }
    return value.strip();
  }

  private static String rootKeyFile(String path, String filter) throws ServletException {
    String value;
    try {
      value = java.nio.file.Files.readString(java.nio.file.Path.of(path)).strip();
    } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
      throw new ServletException(
          filter
              + "the file "
              + path
              + " (named by init-param "
              + ROOT_KEY_FILE
              + ") cannot be read: "
              + e.getClass().getSimpleName());
    }
    if (value.isEmpty()) {
      throw new ServletException(
          filter
              + "the file "
              + path
              + " (named by init-param "
              + ROOT_KEY_FILE
              + ") must hold a root key with keys.verify and events.read; it is empty");
    }
    return value;
  }

  /**
   * An init-param that is present, stripped. A blank one stays: the settings refuse it, rather than
   * read an empty {@code permissions} as "none required".
   */
  private static Optional<String> optional(FilterConfig config, String name) {
    return Optional.ofNullable(config.getInitParameter(name)).map(String::strip);
  }

  private static long cost(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number: " + text);
    }
  }

  private static List<String> sorted() {
    return KNOWN.stream().sorted().toList();
  }
}
