package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.CheckRateLimit;
import dev.latchkey.api.RateLimitResult;

final class HttpRateLimitsApi implements RateLimitsApi {
  private static final JavaType RESULT = Types.of(RateLimitResult.class);

  private final Transport transport;

  HttpRateLimitsApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public RateLimitResult check(CheckRateLimit body) {
    return transport.send(Call.post("/v1/ratelimits:check", body), RESULT);
  }
}
