package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.LeakFindings;
import dev.latchkey.api.LeakReport;
import java.util.List;

final class HttpLeaksApi implements LeaksApi {
  private static final JavaType FINDINGS = Types.of(LeakFindings.class);

  private final Transport transport;

  HttpLeaksApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public LeakFindings check(List<String> digests) {
    return transport.send(Call.post("/v1/leaks:check", new LeakReport(digests, null)), FINDINGS);
  }

  @Override
  public LeakFindings revoke(List<String> digests, String source) {
    return transport.send(Call.post("/v1/leaks:revoke", new LeakReport(digests, source)), FINDINGS);
  }
}
