package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.Page;
import dev.latchkey.api.RotationPolicy;
import dev.latchkey.api.Service;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.UpdateService;
import java.util.stream.Stream;

final class HttpServicesApi implements ServicesApi {
  private static final String PATH = "/v1/services";
  private static final JavaType POLICY = Types.of(RotationPolicy.class);
  private static final JavaType ONE = Types.of(Service.class);
  private static final JavaType PAGE = Types.pageOf(Service.class);
  private static final JavaType USAGE = Types.of(dev.latchkey.api.Usage.class);

  private final Transport transport;

  HttpServicesApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Service create(CreateService body) {
    return transport.send(Call.post(PATH, body), ONE);
  }

  @Override
  public Service create(CreateService body, String idempotencyKey) {
    return transport.send(Call.post(PATH, body).idempotent(idempotencyKey), ONE);
  }

  @Override
  public Page<Service> list(int pageSize, String pageToken) {
    return transport.send(Call.get(Call.query(PATH, Call.page(pageSize, pageToken))), PAGE);
  }

  @Override
  public Stream<Service> listAll() {
    return Pager.stream(token -> list(Pager.PAGE_SIZE, token));
  }

  @Override
  public Service get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public Service update(String id, UpdateService body) {
    return transport.send(Call.patch(Call.item(PATH, id), body), ONE);
  }

  @Override
  public dev.latchkey.api.Usage usage(String id, UsageQuery query) {
    return transport.send(
        Call.get(Call.query(Call.item(PATH, id) + "/usage", query.params())), USAGE);
  }

  @Override
  public RotationPolicy setRotationPolicy(String id, SetRotationPolicy body) {
    return transport.send(Call.put(Call.item(PATH, id) + "/rotation-policy", body), POLICY);
  }

  @Override
  public RotationPolicy rotationPolicy(String id) {
    return transport.send(Call.get(Call.item(PATH, id) + "/rotation-policy"), POLICY);
  }

  @Override
  public void deleteRotationPolicy(String id) {
    transport.send(Call.delete(Call.item(PATH, id) + "/rotation-policy"));
  }
}
