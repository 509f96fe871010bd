package dev.latchkey.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PermissionQueryTest {
  private static List<Grant> grants(String... names) {
    return java.util.Arrays.stream(names).map(Grant::parse).toList();
  }

  @Test
  void andBindsTighterThanOr() {
    PermissionQuery q = PermissionQuery.parse("a:x OR b:y AND c:z");
    assertThat(q.satisfiedBy(grants("a:x"))).isTrue();
    assertThat(q.satisfiedBy(grants("b:y"))).isFalse();
    assertThat(q.satisfiedBy(grants("b:y", "c:z"))).isTrue();
    assertThat(q.render()).isEqualTo("a:x OR b:y AND c:z");
  }

  @Test
  void parenthesesGroup_andTheIssuesExampleEvaluates() {
    PermissionQuery q = PermissionQuery.parse("orders:read AND (payments:refund OR admin:*)");
    assertThat(q.satisfiedBy(grants("orders:read", "payments:refund"))).isTrue();
    assertThat(q.satisfiedBy(grants("orders:read", "admin:*"))).isTrue();
    assertThat(q.satisfiedBy(grants("orders:read", "admin:delete")))
        .as("admin:* needs all of admin")
        .isFalse();
    assertThat(q.satisfiedBy(grants("orders:*", "*"))).isTrue();
    assertThat(q.missing(grants("payments:refund")))
        .extracting(Grant::toString)
        .containsExactly("orders:read");
    assertThat(q.missing(grants()))
        .extracting(Grant::toString)
        .containsExactly("orders:read", "payments:refund", "admin:*");
    assertThat(q.missing(grants("*"))).isEmpty();
  }

  @Test
  void wildcards_haveOneMeaning_testedBothWays() {
    Grant ordersAll = Grant.parse("orders:*");
    Grant ordersRead = Grant.parse("orders:read");
    Grant all = Grant.parse("*");
    assertThat(ordersAll.covers(ordersRead)).isTrue();
    assertThat(ordersAll.covers(ordersAll)).isTrue();
    assertThat(ordersRead.covers(ordersAll)).isFalse();
    assertThat(ordersAll.covers(Grant.parse("payments:read"))).isFalse();
    assertThat(all.covers(ordersAll)).isTrue();
    assertThat(ordersAll.covers(all)).isFalse();
  }

  @Test
  void errors_nameTheirPosition() {
    assertPositionOf("", 0);
    assertPositionOf("orders:read AND", 15);
    assertPositionOf("orders:read AND (a:b", 20);
    assertPositionOf("orders:read OR OR a:b", 15);
    assertPositionOf("orders:read a:b", 12);
    assertPositionOf("Orders:read", 0);
    assertPositionOf("orders", 0);
    assertPositionOf("a:b AND (c:d))", 13);
    assertPositionOf("a:b & c:d", 4);
    assertPositionOf("(".repeat(17) + "a:b" + ")".repeat(17), 16);
  }

  @Test
  void bounds_onLengthAndTerms() {
    String many = String.join(" OR ", java.util.Collections.nCopies(65, "a:b"));
    assertThatThrownBy(() -> PermissionQuery.parse(many))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("64");
    assertThatThrownBy(() -> PermissionQuery.parse("a:" + "b".repeat(1100)))
        .isInstanceOf(QuerySyntaxException.class)
        .hasMessageContaining("1024");
    String sixtyFour = String.join(" OR ", java.util.Collections.nCopies(64, "a:b"));
    assertThat(PermissionQuery.parse(sixtyFour).satisfiedBy(grants("a:b"))).isTrue();
  }

  private static void assertPositionOf(String query, int position) {
    assertThatThrownBy(() -> PermissionQuery.parse(query))
        .as(query)
        .isInstanceOfSatisfying(
            QuerySyntaxException.class, e -> assertThat(e.position()).isEqualTo(position));
  }
}
