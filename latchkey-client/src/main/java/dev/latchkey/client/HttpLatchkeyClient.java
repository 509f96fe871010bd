package dev.latchkey.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** The one implementation: six resource views over one {@link Transport}. */
final class HttpLatchkeyClient implements LatchkeyClient {
  private final Transport transport;
  private final Duration timeout;
  private final ServicesApi services;
  private final ConsumersApi consumers;
  private final KeysApi keys;
  private final RootKeysApi rootKeys;
  private final RolesApi roles;
  private final RateLimitsApi rateLimits;
  private final AuditApi audit;
  private final AlertsApi alerts;
  private final WebhooksApi webhooks;
  private final SinksApi sinks;
  private final LeaksApi leaks;

  private HttpLatchkeyClient(Transport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
    this.services = new HttpServicesApi(transport);
    this.consumers = new HttpConsumersApi(transport);
    this.keys = new HttpKeysApi(transport);
    this.rootKeys = new HttpRootKeysApi(transport);
    this.roles = new HttpRolesApi(transport);
    this.rateLimits = new HttpRateLimitsApi(transport);
    this.audit = new HttpAuditApi(transport);
    this.alerts = new HttpAlertsApi(transport);
    this.webhooks = new HttpWebhooksApi(transport);
    this.sinks = new HttpSinksApi(transport);
    this.leaks = new HttpLeaksApi(transport);
  }

  static LatchkeyClient create(URI baseUri, String rootKey, Duration timeout) {
    HttpClient http =
        http(
            timeout,
            "https".equals(baseUri.getScheme())
                ? HttpClient.Version.HTTP_2
                : HttpClient.Version.HTTP_1_1);
    return new HttpLatchkeyClient(new Transport(http, baseUri, rootKey, timeout), timeout);
  }

  /**
   * A transport of its own for a long-lived stream, on HTTP/1.1 so that it has a connection of its
   * own: closing a dead stream then closes its connection, and the next attempt opens a new one
   * instead of reusing a shared HTTP/2 connection that may be dead too.
   */
  static Transport streamTransport(URI baseUri, String rootKey, Duration timeout) {
    return new Transport(http(timeout, HttpClient.Version.HTTP_1_1), baseUri, rootKey, timeout);
  }

  private static HttpClient http(Duration timeout, HttpClient.Version version) {
    return HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(version)
        .build();
  }

  @Override
  public ServicesApi services() {
    return services;
  }

  @Override
  public ConsumersApi consumers() {
    return consumers;
  }

  @Override
  public KeysApi keys() {
    return keys;
  }

  @Override
  public RootKeysApi rootKeys() {
    return rootKeys;
  }

  @Override
  public RolesApi roles() {
    return roles;
  }

  @Override
  public RateLimitsApi rateLimits() {
    return rateLimits;
  }

  @Override
  public AuditApi audit() {
    return audit;
  }

  @Override
  public AlertsApi alerts() {
    return alerts;
  }

  @Override
  public WebhooksApi webhooks() {
    return webhooks;
  }

  @Override
  public SinksApi sinks() {
    return sinks;
  }

  @Override
  public LeaksApi leaks() {
    return leaks;
  }

  @Override
  public URI baseUri() {
    return transport.baseUri();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "LatchkeyClient[baseUri="
        + transport.baseUri()
        + ", rootKey="
        + Redactor.REDACTED
        + ", timeout="
        + timeout
        + "]";
  }
}
