package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.Page;
import dev.latchkey.api.UpdateConsumer;
import java.util.stream.Stream;

final class HttpConsumersApi implements ConsumersApi {
  private static final String PATH = "/v1/consumers";
  private static final JavaType ONE = Types.of(Consumer.class);
  private static final JavaType PAGE = Types.pageOf(Consumer.class);
  private static final JavaType CREDITS = Types.of(Credits.class);

  private final Transport transport;

  HttpConsumersApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Consumer create(CreateConsumer body) {
    return transport.send(Call.post(PATH, body), ONE);
  }

  @Override
  public Consumer create(CreateConsumer body, String idempotencyKey) {
    return transport.send(Call.post(PATH, body).idempotent(idempotencyKey), ONE);
  }

  @Override
  public Page<Consumer> list(int pageSize, String pageToken) {
    return transport.send(Call.get(Call.query(PATH, Call.page(pageSize, pageToken))), PAGE);
  }

  @Override
  public Stream<Consumer> listAll() {
    return Pager.stream(token -> list(Pager.PAGE_SIZE, token));
  }

  @Override
  public Consumer get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public Consumer update(String id, UpdateConsumer body) {
    return transport.send(Call.patch(Call.item(PATH, id), body), ONE);
  }

  @Override
  public Credits credits(String id, CreditChange change) {
    return transport.send(Call.post(Call.item(PATH, id) + ":credits", change), CREDITS);
  }

  @Override
  public Credits credits(String id, CreditChange change, String idempotencyKey) {
    return transport.send(
        Call.post(Call.item(PATH, id) + ":credits", change).idempotent(idempotencyKey), CREDITS);
  }
}
