package dev.latchkey.core.verify;

import dev.latchkey.core.access.PermissionQuery;
import dev.latchkey.core.access.ServiceScope;
import dev.latchkey.core.access.condition.ConditionInput;
import java.util.Objects;

/**
 * One verification request: the presented secret, and optionally the service it must belong to, a
 * permission query it must satisfy, the request attributes conditions see, and the caller's service
 * scope. Immutable; build with {@link #of} and the withers.
 */
public final class Check {
  private final String presented;
  private final String service;
  private final PermissionQuery query;
  private final ConditionInput.Request request;
  private final ServiceScope scope;

  private Check(
      String presented,
      String service,
      PermissionQuery query,
      ConditionInput.Request request,
      ServiceScope scope) {
    this.presented = presented;
    this.service = service;
    this.query = query;
    this.request = request;
    this.scope = scope;
  }

  /** A check of {@code presented} alone, by a caller of every service. */
  public static Check of(String presented) {
    return new Check(presented, null, null, null, ServiceScope.all());
  }

  /** The key must belong to {@code service}, an id ({@code svc_…}) or a name. */
  public Check forService(String service) {
    return new Check(presented, Objects.requireNonNull(service), query, request, scope);
  }

  /** The key must satisfy {@code query}. */
  public Check requiring(PermissionQuery query) {
    return new Check(presented, service, Objects.requireNonNull(query), request, scope);
  }

  /** Conditions see {@code request}. */
  public Check withRequest(ConditionInput.Request request) {
    return new Check(presented, service, query, Objects.requireNonNull(request), scope);
  }

  /** Keys of services outside {@code scope} are not found. */
  public Check within(ServiceScope scope) {
    return new Check(presented, service, query, request, Objects.requireNonNull(scope));
  }

  String presented() {
    return presented;
  }

  /** May be null: any service. */
  String service() {
    return service;
  }

  /** May be null: no query. */
  PermissionQuery query() {
    return query;
  }

  /** May be null: an empty request. */
  ConditionInput.Request request() {
    return request;
  }

  ServiceScope scope() {
    return scope;
  }

  @Override
  public String toString() {
    return "Check[presented=<redacted>, service=" + service + ", query=" + query + "]";
  }
}
