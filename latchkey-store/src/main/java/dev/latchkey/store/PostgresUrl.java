package dev.latchkey.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL database URL in either accepted form, as the pgjdbc URL it stands for.
 *
 * <ul>
 *   <li>libpq's form: {@code
 *       postgresql://[user[:password]@]host[:port][,host2[:port2]…]/db[?k=v&…]} ({@code
 *       postgres://} too). User and password are percent-decoded; the libpq parameter names {@code
 *       application_name} and {@code connect_timeout} become pgjdbc's {@code ApplicationName} and
 *       {@code connectTimeout}; every other parameter is passed as it is ({@code sslmode}, {@code
 *       currentSchema}, …).
 *   <li>pgjdbc's form: {@code jdbc:postgresql://host[:port]/db[?k=v&…]}, taken as it is.
 * </ul>
 *
 * <p>{@link #toString()} never shows the URL: it may hold a password.
 */
record PostgresUrl(String jdbcUrl, Map<String, String> parameters) {
  private static final String JDBC = "jdbc:postgresql:";
  private static final Map<String, String> LIBPQ_NAMES =
      Map.of("application_name", "ApplicationName", "connect_timeout", "connectTimeout");

  PostgresUrl {
    // In the order written: Map.copyOf's order changes from one JVM to the next, and the URL
    // rebuilt from it with it.
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException when it is in neither form; the message does not repeat it
   */
  static PostgresUrl parse(String url) {
    if (url.startsWith(JDBC)) {
      int q = url.indexOf('?');
      return new PostgresUrl(url, q < 0 ? Map.of() : query(url.substring(q + 1)));
    }
    String rest;
    if (url.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else if (url.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException(
          "a PostgreSQL URL starts with postgresql:// or jdbc:postgresql://");
    }
    return fromLibpq(rest);
  }

  private static PostgresUrl fromLibpq(String rest) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int q = rest.indexOf('?');
    if (q >= 0) {
      query(rest.substring(q + 1))
          .forEach((k, v) -> parameters.put(LIBPQ_NAMES.getOrDefault(k, k), v));
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : rest.substring(slash + 1);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      parameters.put("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        parameters.put("password", decode(userInfo.substring(colon + 1)));
      }
      authority = authority.substring(at + 1);
    }
    if (authority.isEmpty()) {
      authority = "localhost";
    }
    StringBuilder jdbc = new StringBuilder(JDBC).append("//").append(authority).append('/');
    jdbc.append(database);
    String separator = "?";
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      jdbc.append(separator).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      separator = "&";
    }
    return new PostgresUrl(jdbc.toString(), parameters);
  }

  /**
   * This URL without its password, for a connection that is given the password apart (it would
   * otherwise win: pgjdbc lets the URL's parameters override the ones passed beside it).
   */
  PostgresUrl withoutPassword() {
    if (!parameters.containsKey("password")) {
      return this;
    }
    Map<String, String> rest = new LinkedHashMap<>(parameters);
    rest.remove("password");
    int q = jdbcUrl.indexOf('?');
    StringBuilder jdbc = new StringBuilder(q < 0 ? jdbcUrl : jdbcUrl.substring(0, q));
    String separator = "?";
    for (Map.Entry<String, String> p : rest.entrySet()) {
      jdbc.append(separator).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
      separator = "&";
    }
    return new PostgresUrl(jdbc.toString(), rest);
  }

  /** The schema named first in {@code currentSchema}, the one Flyway migrates. */
  Optional<String> schema() {
    return Optional.ofNullable(parameters.get("currentSchema"))
        .map(s -> s.split(",")[0].strip())
        .filter(s -> !s.isEmpty());
  }

  private static Map<String, String> query(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      parameters.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return parameters;
  }

  /** Percent-decodes; a {@code +} stays a plus, as libpq reads it. */
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "PostgresUrl[redacted]";
  }
}
