package dev.latchkey.core.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.latchkey.api.Json;
import dev.latchkey.core.anomaly.Signals;
import dev.latchkey.core.seal.SealedColumn;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import dev.latchkey.core.store.DeliveryRow;
import dev.latchkey.core.store.OneTimeLinkRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.store.WebhookRow;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One-time links, the way Vault's response wrapping works: a rotation's new secret is sealed in the
 * store under a random token, the link ({@code <public url>/v1/one-time-links/<token>}) is sent to
 * a webhook as a {@code key.secret_link} event, and the first {@code POST} to it returns the secret
 * and forgets it. Whoever comes second (the intended reader, when someone intercepted the link)
 * gets 410 Gone and raises a critical {@code one_time_link_reused} alert. The store keeps only the
 * token's digest; an unredeemed secret is forgotten when the link expires. Thread-safe.
 */
public final class OneTimeLinks {
  public static final String TYPE = "one_time_link";
  public static final String EVENT = "key.secret_link";
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);
  public static final Duration MAX_TTL = Duration.ofDays(7);
  public static final Duration MIN_TTL = Duration.ofMinutes(1);
  static final String TOKEN_PREFIX = "lk_otl_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final Mutations mutations;
  private final Sealer sealer;
  private final Signals signals;
  private final Clock clock;
  private final Supplier<String> publicUrl;
  private final Runnable deliveriesAdded;

  /**
   * @param publicUrl where clients reach this server ({@code https://latchkey.example}), the base
   *     of every link; asked at each delivery
   * @param deliveriesAdded told when a link's webhook event was queued (wakes the dispatcher)
   */
  public OneTimeLinks(
      Store store,
      Mutations mutations,
      Sealer sealer,
      Signals signals,
      Clock clock,
      Supplier<String> publicUrl,
      Runnable deliveriesAdded) {
    this.store = store;
    this.mutations = mutations;
    this.sealer = sealer;
    this.signals = signals;
    this.clock = clock;
    this.publicUrl = publicUrl;
    this.deliveriesAdded = deliveriesAdded;
  }

  /** A redeemed link: the secret, once, and the key it opens. */
  public record Redeemed(String keyId, String secret) {
    @Override
    public String toString() {
      return "Redeemed[keyId=" + keyId + ", secret=<redacted>]";
    }
  }

  /** The sink driver of type {@code one_time_link}: settings {@code webhook}, {@code ttl}. */
  public SinkDriver driver() {
    return new Driver();
  }

  /**
   * Returns the secret behind {@code token} and forgets it.
   *
   * @throws NotFoundException when no link has this token
   * @throws GoneException when it was redeemed before (raising {@code one_time_link_reused}) or has
   *     expired
   */
  public Redeemed redeem(String token, String from) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
      throw new NotFoundException("one-time link", "given");
    }
    Instant now = clock.instant();
    OneTimeLinkRow link =
        store
            .read((Tx tx) -> tx.oneTimeLinks().findByToken(Digest.ofText(token)))
            .orElseThrow(() -> new NotFoundException("one-time link", "given"));
    // Opened inside the transaction that takes the link: a node that cannot open it (no such
    // key-encryption key yet) rolls back, and the link still works on another node or later.
    Optional<byte[]> secret =
        mutations.run(
            Rotations.system(link.workspaceId()),
            m -> {
              if (!m.tx().oneTimeLinks().take(link.id(), now, from)) {
                return Optional.<byte[]>empty();
              }
              byte[] opened = sealer.open(link.sealedSecret(), context(link.id()));
              m.changed(
                  "key",
                  link.keyId(),
                  "one_time_link_redeemed",
                  Map.of("link", link.id(), "from", from));
              return Optional.of(opened);
            });
    if (secret.isEmpty()) {
      throw gone(link, now, from);
    }
    return new Redeemed(link.keyId(), new String(secret.get(), StandardCharsets.UTF_8));
  }

  private GoneException gone(OneTimeLinkRow link, Instant now, String from) {
    OneTimeLinkRow seen =
        store.read((Tx tx) -> tx.oneTimeLinks().findByToken(link.tokenDigest())).orElse(link);
    if (seen.fetchedAt() == null) {
      return new GoneException("the link has expired");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("key_id", link.keyId());
    details.put("link_id", link.id());
    details.put("redeemed_at", seen.fetchedAt().toString());
    details.put("redeemed_from", seen.fetchedFrom());
    details.put("presented_from", from);
    signals.raise(
        link.workspaceId(),
        "one_time_link_reused",
        "critical",
        "key",
        link.keyId(),
        link.id(),
        details,
        now);
    return new GoneException(
        "the link was used before: if that was not you, the secret may be known to someone else");
  }

  /** Forgets the secrets of links that expired unredeemed; returns how many. */
  public int forgetExpired() {
    Instant now = clock.instant();
    return store.write((Tx tx) -> tx.oneTimeLinks().forgetExpired(now));
  }

  private static String context(String linkId) {
    return SealedColumn.ONE_TIME_LINK_SECRET.context(linkId);
  }

  private final class Driver implements SinkDriver {
    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public Map<String, String> problems(SinkConfig config) {
      Map<String, String> problems = new LinkedHashMap<>();
      if (config.setting("webhook").filter(w -> Ids.isValid("wh", w)).isEmpty()) {
        problems.put(
            "settings.webhook", "is required: the wh_ id of the webhook the link is sent to");
      }
      if (config.setting("ttl").isPresent() && ttl(config).isEmpty()) {
        problems.put(
            "settings.ttl", "must be an ISO-8601 duration from " + MIN_TTL + " to " + MAX_TTL);
      }
      config
          .settings()
          .keySet()
          .forEach(
              k -> {
                if (!k.equals("webhook") && !k.equals("ttl")) {
                  problems.put("settings." + k, "is not a setting of " + TYPE + " sinks");
                }
              });
      if (!config.credentials().isEmpty()) {
        problems.put("credentials", TYPE + " sinks take no credentials");
      }
      return problems;
    }

    @Override
    public SinkReceipt deliver(SinkConfig config, Delivery d) {
      String webhookId = config.setting("webhook").orElseThrow();
      Duration ttl = ttl(config).orElse(DEFAULT_TTL);
      String token = TOKEN_PREFIX + randomToken();
      String linkId = Ids.newId("otl");
      Instant expires = d.issuedAt().plus(ttl);
      store.write(
          (Tx tx) -> {
            WebhookRow hook =
                tx.webhooks()
                    .find(d.workspaceId(), webhookId)
                    .filter(WebhookRow::enabled)
                    .orElseThrow(
                        () ->
                            new SinkException(
                                "webhook " + webhookId + " does not exist or is disabled", false));
            String sealed =
                sealer.seal(d.secret().reveal().getBytes(StandardCharsets.UTF_8), context(linkId));
            tx.oneTimeLinks()
                .insert(
                    new OneTimeLinkRow(
                        linkId,
                        d.workspaceId(),
                        d.keyId(),
                        Digest.ofText(token),
                        sealed,
                        expires,
                        d.issuedAt(),
                        null,
                        null));
            String eventId = Ids.newId("dlv");
            tx.webhooks()
                .insertDelivery(
                    new DeliveryRow(
                        eventId,
                        d.workspaceId(),
                        hook.id(),
                        linkId,
                        EVENT,
                        payload(eventId, d, linkId, url(token), expires),
                        DeliveryRow.PENDING,
                        0,
                        d.issuedAt(),
                        d.issuedAt(),
                        d.issuedAt()));
            return null;
          });
      deliveriesAdded.run();
      return new SinkReceipt(
          "one-time link " + linkId + " sent to webhook " + webhookId + ", expires " + expires);
    }
  }

  private String url(String token) {
    String base = publicUrl.get();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/v1/one-time-links/"
        + token;
  }

  private static Optional<Duration> ttl(SinkConfig config) {
    try {
      return config
          .setting("ttl")
          .map(Duration::parse)
          .filter(t -> t.compareTo(MIN_TTL) >= 0 && t.compareTo(MAX_TTL) <= 0);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String payload(
      String eventId, Delivery d, String linkId, String url, Instant expires) {
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("id", linkId);
    link.put("key_id", d.keyId());
    link.put("service_id", d.serviceId());
    link.put("url", url);
    link.put("expires_at", expires);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", eventId);
    body.put("type", EVENT);
    body.put("created_at", d.issuedAt());
    body.put("link", link);
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and instants always writes", e);
    }
  }
}
