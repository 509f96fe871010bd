package dev.latchkey.api.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.AuditVerification.ChainBreak;
import dev.latchkey.api.AuditVerification.ChainHead;
import dev.latchkey.api.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;

/**
 * Verifies an export ({@code GET /v1/audit-events:export}, JSON Lines) offline with {@link
 * ChainVerifier}, the code the server verifies its database with. Reads line by line: memory stays
 * constant whatever the file's length. A line that is not an audit event breaks the chain there
 * ({@code modified}). Without an expected head, an export cut short after a whole line still
 * verifies: compare the head reported with one anchored elsewhere (docs/audit.md).
 */
public final class ExportVerifier {
  private ExportVerifier() {}

  /**
   * Verifies the export {@code lines} reads.
   *
   * @param expectedHead where the chain must end (a head anchored earlier, or the one the export
   *     response named), when known
   * @throws IOException when {@code lines} cannot be read
   */
  public static AuditVerification verify(BufferedReader lines, Optional<ChainHead> expectedHead)
      throws IOException {
    ChainVerifier verifier = ChainVerifier.of(null, expectedHead);
    long lineNumber = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      AuditEvent event;
      try {
        event = Json.mapper().readValue(line, AuditEvent.class);
      } catch (JsonProcessingException e) {
        verifier.broken(
            new ChainBreak(
                verifier.position() + 1,
                null,
                "modified",
                "line " + lineNumber + " is not an audit event"));
        break;
      }
      if (!verifier.accept(event)) {
        break;
      }
    }
    return verifier.finish();
  }
}
