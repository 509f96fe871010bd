package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code latchkey roles}: the requests it sends, what it prints, its usage errors. */
class CliRolesTest extends FakeServerCliTest {
  @Test
  void create_postsNamePermissionsInOrderDescriptionAndCondition() {
    server.json(201, Fixtures.ROLE);
    var request =
        sent(
            "roles",
            "create",
            "order-reader",
            "--permission",
            "orders:read",
            "--permission",
            "orders.items:*",
            "--description",
            "Reads orders.",
            "--condition",
            "request.method == 'GET'",
            "--idempotency-key",
            "r-1");
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.target()).isEqualTo("/v1/roles");
    assertThat(request.header("Idempotency-Key")).isEqualTo("r-1");
    assertThat(request.body())
        .isEqualTo(
            "{\"name\":\"order-reader\",\"description\":\"Reads orders.\","
                + "\"permissions\":[\"orders:read\",\"orders.items:*\"],"
                + "\"condition\":\"request.method == 'GET'\"}");
  }

  @Test
  void create_withoutPermissions_sendsAnEmptyList() {
    server.json(201, Fixtures.ROLE);
    assertThat(sent("roles", "create", "later").body())
        .isEqualTo("{\"name\":\"later\",\"permissions\":[]}");
  }

  @Test
  void update_replacesPermissionsAndRemovesDescriptionAndCondition() {
    server.json(200, Fixtures.ROLE);
    var request =
        sent(
            "roles",
            "update",
            "role_1",
            "--permission",
            "orders:*",
            "--permission",
            "*",
            "--no-description",
            "--no-condition");
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.target()).isEqualTo("/v1/roles/role_1");
    assertThat(request.body())
        .isEqualTo(
            "{\"description\":null,\"permissions\":[\"orders:*\",\"*\"],\"condition\":null}");
  }

  @Test
  void update_sendsOnlyWhatWasGiven() {
    server.json(200, Fixtures.ROLE).json(200, Fixtures.ROLE);
    assertThat(sent("roles", "update", "role_1", "--name", "r", "--condition", "true").body())
        .isEqualTo("{\"name\":\"r\",\"condition\":\"true\"}");
    assertThat(sent("roles", "update", "role_1", "--no-permissions").body())
        .isEqualTo("{\"permissions\":[]}");
  }

  @Test
  void update_withNothingToChangeOrContradictions_isAUsageErrorAndSendsNothing() {
    Cli.Result nothing = cli.run("roles", "update", "role_1");
    assertThat(nothing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.err()).contains("nothing to change");
    assertThat(cli.run("roles", "update", "role_1", "--condition", "true", "--no-condition").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(
            cli.run("roles", "update", "role_1", "--permission", "a:b", "--no-permissions").code())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("roles", "create").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("roles", "create", "a", "b").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void get_printsEveryField() {
    server.json(200, Fixtures.ROLE);
    Cli.Result result = cli.run("roles", "get", "role_1");
    assertThat(server.last().target()).isEqualTo("/v1/roles/role_1");
    assertThat(result.out())
        .isEqualTo(
            """
            id           role_1
            name         order-reader
            description  Reads orders.
            permissions  orders:read,orders.items:*
            condition    request.method == 'GET'
            created_at   2026-01-02T03:04:05Z
            updated_at   2026-01-02T03:04:05Z
            """);
  }

  @Test
  void list_printsATable_orTheJsonAsSent() {
    String empty =
        "{\"id\":\"role_2\",\"name\":\"later\",\"permissions\":[],"
            + "\"created_at\":\"2026-01-02T03:04:05Z\",\"updated_at\":\"2026-01-02T03:04:05Z\"}";
    server.json(200, Fixtures.page("tok2", Fixtures.ROLE, empty));
    Cli.Result result = cli.run("roles", "list", "--page-size", "2");
    assertThat(server.last().target()).isEqualTo("/v1/roles?page_size=2");
    assertThat(result.out())
        .isEqualTo(
            """
            ID      NAME          PERMISSIONS                 CONDITION                CREATED
            role_1  order-reader  orders:read,orders.items:*  request.method == 'GET'  2026-01-02T03:04:05Z
            role_2  later         -                           -                        2026-01-02T03:04:05Z
            More: --page-token tok2
            """);
    server.json(200, Fixtures.page(null, empty));
    assertThat(cli.run("roles", "list", "--json").out())
        .isEqualTo(Fixtures.page(null, empty) + "\n");
  }

  @Test
  void refusals_exitWithTheirCodes() {
    server.problem(403, "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"may not give *\"}");
    Cli.Result forbidden = cli.run("roles", "create", "x", "--permission", "*");
    assertThat(forbidden.code()).isEqualTo(ExitCodes.AUTH);
    assertThat(forbidden.err()).contains("may not give *");
    server.problem(
        409, "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"name already exists\"}");
    assertThat(cli.run("roles", "update", "role_1", "--name", "x").code())
        .isEqualTo(ExitCodes.REFUSED);
  }
}
