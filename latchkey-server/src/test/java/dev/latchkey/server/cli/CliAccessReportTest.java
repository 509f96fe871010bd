package dev.latchkey.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code latchkey keys access-report}: the request it sends and what it prints. */
class CliAccessReportTest extends FakeServerCliTest {
  static final String REPORT =
      """
      {"key_id":"key_1","days":7,"from":"2026-01-01T00:00:00Z","to":"2026-01-07T03:04:05Z",\
      "permissions_exercised":true,"grants":[{"source":"key","grant":"orders:*","unused":false,\
      "last_used_at":"2026-01-07T03:00:00Z","used_for":[{"permission":"orders:read",\
      "last_at":"2026-01-07T03:00:00Z"},{"permission":"orders:list",\
      "last_at":"2026-01-06T03:00:00Z"}]},{"source":"role_1","role_name":"billing",\
      "grant":"payments:charge","unused":true,"used_for":[]}],"conditions":[{"source":"key",\
      "expression":"request.method == 'GET'","evaluated":false}],"suggestion":{"narrower":true,\
      "permissions":["orders:read","orders:list"],"roles":[],"remove_roles":["role_1"],\
      "reasons":["orders:* was used only for orders:list, orders:read",\
      "role billing (role_1) was not used in the last 7 days"]}}""";

  static final String UNKNOWN =
      """
      {"key_id":"key_1","days":30,"from":"2026-01-01T00:00:00Z","to":"2026-01-30T03:04:05Z",\
      "permissions_exercised":false,"grants":[],"conditions":[]}""";

  @Test
  void getsTheReportForTheDaysAsked_30ByDefault() {
    server.json(200, REPORT).json(200, UNKNOWN);

    assertThat(cli.run("keys", "access-report", "key_1", "--days", "7").code()).isZero();
    assertThat(server.last().method()).isEqualTo("GET");
    assertThat(server.last().target()).isEqualTo("/v1/keys/key_1/access-report?days=7");
    assertThat(cli.run("keys", "access-report", "key_1").code()).isZero();
    assertThat(server.last().target()).isEqualTo("/v1/keys/key_1/access-report?days=30");
  }

  @Test
  void printsGrantsConditionsAndTheSuggestion() {
    server.json(200, REPORT);

    Cli.Result result = cli.run("keys", "access-report", "key_1", "--days", "7");

    assertThat(result.out())
        .isEqualTo(
            """
            key_id                 key_1
            days                   7
            from                   2026-01-01T00:00:00Z
            to                     2026-01-07T03:04:05Z
            permissions_exercised  true

            GRANTS
            SOURCE  ROLE     GRANT            UNUSED  LAST_USED             USED_FOR
            key     -        orders:*         no      2026-01-07T03:00:00Z  orders:read,orders:list
            role_1  billing  payments:charge  yes     -                     -

            CONDITIONS
            SOURCE  ROLE  EVALUATED  LAST_EVALUATED  EXPRESSION
            key     -     no         -               request.method == 'GET'

            SUGGESTION
            narrower      true
            permissions   orders:read,orders:list
            roles         -
            remove_roles  role_1

            REASONS
            - orders:* was used only for orders:list, orders:read
            - role billing (role_1) was not used in the last 7 days
            """);
  }

  @Test
  void withoutExercisedPermissions_saysThereIsNoSuggestion() {
    server.json(200, UNKNOWN);

    Cli.Result result = cli.run("keys", "access-report", "key_1");

    assertThat(result.out())
        .contains("GRANTS\nnone\n")
        .contains("CONDITIONS\nnone\n")
        .contains("SUGGESTION\n- none: no verification in the window required a permission");
  }

  @Test
  void json_printsTheReportAsTheServerSentIt() {
    server.json(200, REPORT);

    Cli.Result result = cli.run("keys", "access-report", "key_1", "--days", "7", "--json");

    assertThat(result.out().strip()).isEqualTo(REPORT);
  }
}
