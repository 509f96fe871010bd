package dev.latchkey.secrets.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.core.sink.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a file sink writes: the secret alone, a dotenv line, or a JSON object. */
enum FileFormat {
  RAW,
  ENV,
  JSON;

  static final String DEFAULT_VARIABLE = "LATCHKEY_API_KEY";
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Optional<FileFormat> parse(String name) {
    return switch (name) {
      case "raw" -> Optional.of(RAW);
      case "env" -> Optional.of(ENV);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }

  static boolean isVariableName(String name) {
    return VARIABLE.matcher(name).matches();
  }

  /** The file's bytes; they hold the plaintext secret, so the caller must not keep them. */
  byte[] render(Delivery delivery, String variable) {
    String secret = delivery.secret().reveal();
    String text =
        switch (this) {
          case RAW -> secret + "\n";
          case ENV -> variable + "=" + secret + "\n";
          case JSON -> json(delivery.keyId(), secret) + "\n";
        };
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String json(String keyId, String secret) {
    Map<String, String> object = new LinkedHashMap<>();
    object.put("key_id", keyId);
    object.put("secret", secret);
    try {
      return MAPPER.writeValueAsString(object);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a map of strings", e);
    }
  }
}
