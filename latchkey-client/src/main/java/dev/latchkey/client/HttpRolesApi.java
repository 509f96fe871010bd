package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.CreateRole;
import dev.latchkey.api.Page;
import dev.latchkey.api.Role;
import dev.latchkey.api.UpdateRole;
import java.util.stream.Stream;

final class HttpRolesApi implements RolesApi {
  private static final String PATH = "/v1/roles";
  private static final JavaType ONE = Types.of(Role.class);
  private static final JavaType PAGE = Types.pageOf(Role.class);

  private final Transport transport;

  HttpRolesApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Role create(CreateRole body) {
    return transport.send(Call.post(PATH, body), ONE);
  }

  @Override
  public Role create(CreateRole body, String idempotencyKey) {
    return transport.send(Call.post(PATH, body).idempotent(idempotencyKey), ONE);
  }

  @Override
  public Page<Role> list(int pageSize, String pageToken) {
    return transport.send(Call.get(Call.query(PATH, Call.page(pageSize, pageToken))), PAGE);
  }

  @Override
  public Stream<Role> listAll() {
    return Pager.stream(token -> list(Pager.PAGE_SIZE, token));
  }

  @Override
  public Role get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public Role update(String id, UpdateRole body) {
    return transport.send(Call.patch(Call.item(PATH, id), body), ONE);
  }
}
