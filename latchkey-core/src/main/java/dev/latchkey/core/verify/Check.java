package dev.latchkey.core.verify;

import dev.latchkey.core.access.PermissionQuery;
import dev.latchkey.core.access.ServiceScope;
import dev.latchkey.core.access.condition.ConditionInput;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * One verification request: the presented secret, and optionally the service it must belong to, a
 * permission query it must satisfy, the request attributes conditions see, the caller's service
 * scope, the cost it spends on the key's usage limits (1 unless told) and which rate limits apply
 * (all unless told). Immutable; build with {@link #of} and the withers.
 */
public final class Check {
  private final String presented;
  private final String service;
  private final PermissionQuery query;
  private final ConditionInput.Request request;
  private final ServiceScope scope;
  private final long cost;
  private final Set<String> limits;
  private final String source;

  private Check(
      String presented,
      String service,
      PermissionQuery query,
      ConditionInput.Request request,
      ServiceScope scope,
      long cost,
      Set<String> limits,
      String source) {
    this.presented = presented;
    this.service = service;
    this.query = query;
    this.request = request;
    this.scope = scope;
    this.cost = cost;
    this.limits = limits;
    this.source = source;
  }

  /** A check of {@code presented} alone, by a caller of every service, spending 1. */
  public static Check of(String presented) {
    return new Check(presented, null, null, null, ServiceScope.all(), 1, null, null);
  }

  /** The key must belong to {@code service}, an id ({@code svc_…}) or a name. */
  public Check forService(String service) {
    return new Check(
        presented, Objects.requireNonNull(service), query, request, scope, cost, limits, source);
  }

  /** The key must satisfy {@code query}. */
  public Check requiring(PermissionQuery query) {
    return new Check(
        presented, service, Objects.requireNonNull(query), request, scope, cost, limits, source);
  }

  /** Conditions see {@code request}. */
  public Check withRequest(ConditionInput.Request request) {
    return new Check(
        presented, service, query, Objects.requireNonNull(request), scope, cost, limits, source);
  }

  /** Keys of services outside {@code scope} are not found. */
  public Check within(ServiceScope scope) {
    return new Check(
        presented, service, query, request, Objects.requireNonNull(scope), cost, limits, source);
  }

  /**
   * The request spends {@code cost} units of every rate limit and credit balance that applies; 0
   * spends nothing and only asks whether a request would pass.
   */
  public Check costing(long cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must not be negative");
    }
    return new Check(presented, service, query, request, scope, cost, limits, source);
  }

  /** Only the rate limits named {@code names} apply (names the key does not have are ignored). */
  public Check limitedBy(Collection<String> names) {
    return new Check(presented, service, query, request, scope, cost, Set.copyOf(names), source);
  }

  /**
   * The request came from {@code address} (whoever asked for the verification), recorded as the
   * key's last client address when the request attributes carry no client address of their own. A
   * null address (the transport did not know it) leaves the check as it is.
   */
  public Check from(String address) {
    return address == null
        ? this
        : new Check(presented, service, query, request, scope, cost, limits, address);
  }

  /** The client's address as given (the request's, else whoever asked); null when unknown. */
  String clientAddress() {
    return request != null && !request.ip().isEmpty() ? request.ip() : source;
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

  long cost() {
    return cost;
  }

  /** Whether the rate limit {@code name} applies to this check. */
  boolean applies(String name) {
    return limits == null || limits.contains(name);
  }

  @Override
  public String toString() {
    return "Check[presented=<redacted>, service="
        + service
        + ", query="
        + query
        + ", cost="
        + cost
        + ", limits="
        + limits
        + "]";
  }
}
