package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.Page;
import java.util.stream.Stream;

final class HttpAuditApi implements AuditApi {
  private static final String PATH = "/v1/audit-events";
  private static final JavaType PAGE = Types.pageOf(AuditEvent.class);

  private final Transport transport;

  HttpAuditApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Page<AuditEvent> list(int pageSize, String pageToken) {
    return transport.send(Call.get(Call.query(PATH, Call.page(pageSize, pageToken))), PAGE);
  }

  @Override
  public Stream<AuditEvent> listAll() {
    return Pager.stream(token -> list(Pager.PAGE_SIZE, token));
  }
}
