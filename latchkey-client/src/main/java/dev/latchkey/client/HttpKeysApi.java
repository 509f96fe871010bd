package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.AccessReport;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.Page;
import dev.latchkey.api.Problem;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.RotationPolicy;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.StartRotation;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

final class HttpKeysApi implements KeysApi {
  private static final String PATH = "/v1/keys";
  private static final JavaType POLICY = Types.of(RotationPolicy.class);
  private static final JavaType ROTATION = Types.of(KeyRotation.class);
  private static final JavaType ROTATIONS = Types.pageOf(KeyRotation.class);
  private static final JavaType ONE = Types.of(Key.class);
  private static final JavaType ISSUED = Types.of(IssuedKey.class);
  private static final JavaType PAGE = Types.pageOf(Key.class);
  private static final JavaType VERDICT = Types.of(Verdict.class);
  private static final JavaType REPORT = Types.of(AccessReport.class);
  private static final JavaType USAGE = Types.of(dev.latchkey.api.Usage.class);
  private static final JavaType CREDITS = Types.of(Credits.class);

  private final Transport transport;

  HttpKeysApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public IssuedKey create(CreateKey body) {
    return transport.send(Call.post(PATH, body), ISSUED);
  }

  @Override
  public IssuedKey create(CreateKey body, String idempotencyKey) {
    return transport.send(Call.post(PATH, body).idempotent(idempotencyKey), ISSUED);
  }

  @Override
  public Page<Key> list(KeyFilter filter, int pageSize, String pageToken) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("service", filter.service().orElse(null));
    params.put("consumer", filter.consumer().orElse(null));
    params.put("state", filter.state().orElse(null));
    params.put("expiring_within", filter.expiringWithin().orElse(null));
    params.putAll(Call.page(pageSize, pageToken));
    return transport.send(Call.get(Call.query(PATH, params)), PAGE);
  }

  @Override
  public Stream<Key> listAll(KeyFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return Pager.stream(token -> list(filter, Pager.PAGE_SIZE, token));
  }

  @Override
  public Key get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public Key update(String id, UpdateKey body) {
    return transport.send(Call.patch(Call.item(PATH, id), body), ONE);
  }

  @Override
  public IssuedKey rotate(String id, RotateKey body) {
    return transport.send(Call.post(Call.item(PATH, id) + ":rotate", body), ISSUED);
  }

  @Override
  public Key revoke(String id, RevokeKey body) {
    return transport.send(Call.post(Call.item(PATH, id) + ":revoke", body), ONE);
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

  @Override
  public AccessReport accessReport(String id, int days) {
    String path =
        Call.query(Call.item(PATH, id) + "/access-report", Map.<String, Object>of("days", days));
    return transport.send(Call.get(path), REPORT);
  }

  @Override
  public dev.latchkey.api.Usage usage(String id, UsageQuery query) {
    return transport.send(
        Call.get(Call.query(Call.item(PATH, id) + "/usage", query.params())), USAGE);
  }

  @Override
  public Verdict verify(String key) {
    return verifyAgainst(key, null);
  }

  @Override
  public Verdict verify(String key, String service) {
    return verifyAgainst(key, Objects.requireNonNull(service, "service"));
  }

  @Override
  public Verdict verify(VerifyKey request) {
    return send(request);
  }

  private Verdict verifyAgainst(String key, String service) {
    return send(VerifyKey.of(key, service, null, null));
  }

  private Verdict send(VerifyKey request) {
    String key = Objects.requireNonNull(request.key(), "key");
    Call call = Call.post(PATH + ":verify", request).carrying(key);
    try {
      return transport.send(call, VERDICT);
    } catch (InvalidRequestException e) {
      // A key the server refuses to even look at (too long, odd characters) is still an invalid
      // key, and an invalid key is a verdict, not an error.
      if (namesKey(e.problem())) {
        return Verdict.denied(VerifyCode.MALFORMED);
      }
      throw e;
    }
  }

  private static boolean namesKey(Problem problem) {
    return problem.errors() != null
        && !problem.errors().isEmpty()
        && problem.errors().stream().allMatch(error -> "key".equals(error.field()));
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

  @Override
  public KeyRotation startRotation(String id, StartRotation body) {
    return transport.send(Call.post(Call.item(PATH, id) + "/rotations", body), ROTATION);
  }

  @Override
  public Page<KeyRotation> rotations(String id, int pageSize, String pageToken) {
    return transport.send(
        Call.get(Call.query(Call.item(PATH, id) + "/rotations", Call.page(pageSize, pageToken))),
        ROTATIONS);
  }
}
