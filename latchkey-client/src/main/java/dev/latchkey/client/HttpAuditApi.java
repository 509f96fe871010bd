package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

final class HttpAuditApi implements AuditApi {
  private static final String PATH = "/v1/audit-events";
  private static final JavaType PAGE = Types.pageOf(AuditEvent.class);
  private static final JavaType VERIFICATION = Types.of(AuditVerification.class);

  private final Transport transport;

  HttpAuditApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Page<AuditEvent> list(int pageSize, String pageToken) {
    return list(AuditFilter.any(), pageSize, pageToken);
  }

  @Override
  public Page<AuditEvent> list(AuditFilter filter, int pageSize, String pageToken) {
    Map<String, Object> params = new LinkedHashMap<>(filter.params());
    params.putAll(Call.page(pageSize, pageToken));
    return transport.send(Call.get(Call.query(PATH, params)), PAGE);
  }

  @Override
  public Stream<AuditEvent> listAll() {
    return listAll(AuditFilter.any());
  }

  @Override
  public Stream<AuditEvent> listAll(AuditFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return Pager.stream(token -> list(filter, Pager.PAGE_SIZE, token));
  }

  @Override
  public AuditVerification verify() {
    return transport.send(Call.get(PATH + ":verify"), VERIFICATION);
  }

  @Override
  public AuditVerification.ChainHead export(OutputStream out) {
    String path = PATH + ":export";
    HttpResponse<InputStream> response = transport.stream(path, "application/jsonl", null);
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw transport.failure(response.statusCode(), in.readAllBytes(), response);
      }
      AuditVerification.ChainHead head =
          new AuditVerification.ChainHead(
              Long.parseLong(header(response, "Latchkey-Audit-Head-Position")),
              header(response, "Latchkey-Audit-Head-Hash"));
      in.transferTo(out);
      return head;
    } catch (IOException e) {
      throw new LatchkeyConnectionException("GET " + path + " broke off: " + e, e, false);
    } catch (NumberFormatException e) {
      throw new LatchkeyProtocolException(
          "GET " + path + ": the head position is not a number",
          response.statusCode(),
          response.headers().firstValue("X-Request-Id").orElse(null));
    }
  }

  private static String header(HttpResponse<?> response, String name) {
    return response
        .headers()
        .firstValue(name)
        .orElseThrow(
            () ->
                new LatchkeyProtocolException(
                    "the export response has no " + name,
                    response.statusCode(),
                    response.headers().firstValue("X-Request-Id").orElse(null)));
  }
}
