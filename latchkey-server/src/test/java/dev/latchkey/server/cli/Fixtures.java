package dev.latchkey.server.cli;

/** Canned response bodies, shaped as the server writes them. They hold no secret. */
final class Fixtures {
  static final String SERVICE =
      """
      {"id":"svc_1","name":"payments","prefix":"pay","created_at":"2026-01-02T03:04:05Z",\
      "updated_at":"2026-01-02T03:04:05Z"}""";
  static final String CONSUMER =
      """
      {"id":"con_1","name":"acme","external_id":"crm-7","meta":{"tier":"gold"},\
      "created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z"}""";
  static final String KEY =
      """
      {"id":"key_1","service":"svc_1","consumer":"con_1","name":"ci","start":"pay_AbCd",\
      "enabled":true,"state":"ACTIVE","created_at":"2026-01-02T03:04:05Z",\
      "updated_at":"2026-01-02T03:04:05Z"}""";
  static final String ROOT_KEY =
      """
      {"id":"rk_1","name":"ops","start":"lk_root_AbCd","permissions":["keys.read","keys.create"],\
      "created_at":"2026-01-02T03:04:05Z"}""";

  static final String ROLE =
      """
      {"id":"role_1","name":"order-reader","description":"Reads orders.",\
      "permissions":["orders:read","orders.items:*"],"condition":"request.method == 'GET'",\
      "created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:05Z"}""";

  private Fixtures() {}

  /** A response issuing {@code secret}, which tests make fresh at run time. */
  static String issued(String secret, String data) {
    return "{\"key\":\"" + secret + "\",\"data\":" + data + "}";
  }

  static String page(String nextToken, String... items) {
    return "{\"items\":["
        + String.join(",", items)
        + "]"
        + (nextToken == null ? "" : ",\"next_page_token\":\"" + nextToken + "\"")
        + "}";
  }
}
