package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.CreateSink;
import dev.latchkey.api.Page;
import dev.latchkey.api.Sink;
import dev.latchkey.api.UpdateSink;

final class HttpSinksApi implements SinksApi {
  private static final String PATH = "/v1/sinks";
  private static final JavaType ONE = Types.of(Sink.class);
  private static final JavaType PAGE = Types.pageOf(Sink.class);

  private final Transport transport;

  HttpSinksApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Sink create(CreateSink body) {
    return transport.send(Call.post(PATH, body), ONE);
  }

  @Override
  public Sink create(CreateSink body, String idempotencyKey) {
    return transport.send(Call.post(PATH, body).idempotent(idempotencyKey), ONE);
  }

  @Override
  public Page<Sink> list(int pageSize, String pageToken) {
    return transport.send(Call.get(Call.query(PATH, Call.page(pageSize, pageToken))), PAGE);
  }

  @Override
  public Sink get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public Sink update(String id, UpdateSink body) {
    return transport.send(Call.patch(Call.item(PATH, id), body), ONE);
  }

  @Override
  public void delete(String id) {
    transport.send(Call.delete(Call.item(PATH, id)));
  }
}
