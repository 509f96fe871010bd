package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.api.Page;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RootKey;
import java.util.stream.Stream;

final class HttpRootKeysApi implements RootKeysApi {
  private static final String PATH = "/v1/root-keys";
  private static final JavaType ONE = Types.of(RootKey.class);
  private static final JavaType ISSUED = Types.of(IssuedRootKey.class);
  private static final JavaType PAGE = Types.pageOf(RootKey.class);

  private final Transport transport;

  HttpRootKeysApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public IssuedRootKey create(CreateRootKey body) {
    return transport.send(Call.post(PATH, body), ISSUED);
  }

  @Override
  public IssuedRootKey create(CreateRootKey body, String idempotencyKey) {
    return transport.send(Call.post(PATH, body).idempotent(idempotencyKey), ISSUED);
  }

  @Override
  public Page<RootKey> list(int pageSize, String pageToken) {
    return transport.send(Call.get(Call.query(PATH, Call.page(pageSize, pageToken))), PAGE);
  }

  @Override
  public Stream<RootKey> listAll() {
    return Pager.stream(token -> list(Pager.PAGE_SIZE, token));
  }

  @Override
  public RootKey get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public RootKey revoke(String id, RevokeKey body) {
    return transport.send(Call.post(Call.item(PATH, id) + ":revoke", body), ONE);
  }
}
