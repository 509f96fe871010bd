package dev.latchkey.server.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The schemas of one OpenAPI document, addressed by JSON pointer ({@code #/components/schemas/Key})
 * and validated as JSON Schema 2020-12 in the OpenAPI 3.1 dialect with format assertions on; a
 * {@code $ref} resolves inside the same document.
 *
 * <p>Object schemas are read "closed": one with {@code properties} and no {@code
 * additionalProperties} is read as if it said {@code additionalProperties: false}, so a field the
 * server sends but the document does not describe is a violation, not silently accepted. Schemas
 * that mean to be open ({@code Meta}, audit {@code details}) say {@code additionalProperties:
 * true}.
 */
final class DocumentSchemas {
  private static final String DOCUMENT_IRI = "https://latchkey.invalid/openapi.json";
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private final JsonSchemaFactory factory;
  private final Map<String, JsonSchema> loaded = new HashMap<>();

  DocumentSchemas(ApiDocument doc) {
    ObjectNode closed = doc.root().deepCopy();
    closeObjects(closed.path("components").path("schemas"));
    String text = closed.toString();
    this.factory =
        JsonSchemaFactory.getInstance(
            VersionFlag.V202012,
            b ->
                b.metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                    .schemaLoaders(l -> l.schemas(Map.of(DOCUMENT_IRI, text))));
  }

  /** What in {@code value} does not match the schema at {@code pointer}; empty if it matches. */
  Set<ValidationMessage> validate(String pointer, JsonNode value) {
    JsonSchema schema =
        loaded.computeIfAbsent(
            pointer, p -> factory.getSchema(SchemaLocation.of(DOCUMENT_IRI + p), CONFIG));
    return schema.validate(value);
  }

  private static void closeObjects(JsonNode node) {
    if (node instanceof ObjectNode o
        && "object".equals(o.path("type").asText())
        && o.path("properties").isObject()
        && !o.has("additionalProperties")
        && !o.has("unevaluatedProperties")) {
      o.put("additionalProperties", false);
    }
    node.forEach(DocumentSchemas::closeObjects);
  }
}
