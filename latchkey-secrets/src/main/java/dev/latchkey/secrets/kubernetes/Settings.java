package dev.latchkey.secrets.kubernetes;

import dev.latchkey.core.sink.SinkConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Kubernetes sink's settings and their rules, checked without contacting anything. Names follow
 * Kubernetes' own validation: a namespace is a DNS-1123 label, a Secret's name a DNS-1123
 * subdomain, a data key letters, digits, {@code -}, {@code _} and {@code .}.
 */
final class Settings {
  static final String NAMESPACE = "namespace";
  static final String NAME = "name";
  static final String KEY = "key";
  static final String SERVER = "server";
  static final String CA_CERT = "ca_cert";
  static final String TOKEN = "token";
  static final String DEFAULT_KEY = "api-key";

  private static final Set<String> SETTINGS = Set.of(NAMESPACE, NAME, KEY, SERVER, CA_CERT);
  private static final Set<String> CREDENTIALS = Set.of(TOKEN);
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern DNS_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final Pattern TOKEN_CHARS = Pattern.compile("[\\x21-\\x7e]+");
  private static final int MAX_CA_CERT = 64 * 1024;
  private static final int MAX_TOKEN = 16 * 1024;

  private Settings() {}

  /** One message per bad field; never quotes a credential. */
  static Map<String, String> problems(SinkConfig config) {
    Map<String, String> problems = new LinkedHashMap<>();
    config.settings().keySet().stream()
        .filter(k -> !SETTINGS.contains(k))
        .sorted()
        .forEach(k -> problems.put("settings." + k, "is not a setting of the kubernetes sink"));
    config.credentials().keySet().stream()
        .filter(k -> !CREDENTIALS.contains(k))
        .sorted()
        .forEach(
            k -> problems.put("credentials." + k, "is not a credential of the kubernetes sink"));
    String namespace = config.setting(NAMESPACE).orElse("");
    if (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
      problems.put("settings.namespace", "must be a DNS-1123 label (a-z, 0-9, '-'; 1-63 chars)");
    }
    String name = config.setting(NAME).orElse("");
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      problems.put(
          "settings.name", "must be a DNS-1123 subdomain (a-z, 0-9, '-', '.'; 1-253 chars)");
    }
    config
        .setting(KEY)
        .filter(k -> !validKey(k))
        .ifPresent(
            k ->
                problems.put(
                    "settings.key",
                    "must be 1-253 of a-z, A-Z, 0-9, '-', '_', '.' and not '.' or '..'"));
    config
        .setting(SERVER)
        .filter(s -> !validServer(s))
        .ifPresent(
            s ->
                problems.put(
                    "settings.server",
                    "must be an https:// or http:// URL of the Kubernetes API server"));
    config
        .setting(CA_CERT)
        .filter(c -> !validCertificates(c))
        .ifPresent(
            c ->
                problems.put(
                    "settings.ca_cert", "must be one or more PEM-encoded X.509 certificates"));
    config
        .credential(TOKEN)
        .filter(t -> t.length() > MAX_TOKEN || !TOKEN_CHARS.matcher(t).matches())
        .ifPresent(
            t ->
                problems.put(
                    "credentials.token",
                    "must be a bearer token: printable ASCII without spaces, at most 16 KiB"));
    return problems;
  }

  private static boolean validKey(String key) {
    return key.length() <= 253
        && DATA_KEY.matcher(key).matches()
        && !key.equals(".")
        && !key.equals("..");
  }

  private static boolean validServer(String server) {
    try {
      URI uri = new URI(server);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getUserInfo() == null
          && uri.getQuery() == null
          && uri.getFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean validCertificates(String pem) {
    if (pem.length() > MAX_CA_CERT || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      return false;
    }
    try {
      byte[] bytes = pem.getBytes(StandardCharsets.US_ASCII);
      return !CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes))
          .isEmpty();
    } catch (CertificateException e) {
      return false;
    }
  }
}
