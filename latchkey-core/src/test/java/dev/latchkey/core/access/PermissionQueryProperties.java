package dev.latchkey.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class PermissionQueryProperties {

  @Provide
  Arbitrary<String> permissions() {
    return Arbitraries.of("a:x", "a:y", "a:*", "b:x", "b:*", "*", "orders:read", "payments:refund");
  }

  @Provide
  Arbitrary<PermissionQuery> queries() {
    Arbitrary<PermissionQuery> leaf =
        permissions().map(p -> (PermissionQuery) new PermissionQuery.Require(Grant.parse(p)));
    return Arbitraries.integers()
        .between(0, 3)
        .flatMap(
            depth ->
                Arbitraries.recursive(
                    () -> leaf,
                    inner ->
                        Arbitraries.oneOf(
                            inner.list().ofMinSize(2).ofMaxSize(3).map(PermissionQuery.All::new),
                            inner.list().ofMinSize(2).ofMaxSize(3).map(PermissionQuery.Any::new)),
                    depth));
  }

  @Property
  void parser_neverThrowsAnythingButItsSyntaxError(@ForAll @StringLength(max = 60) String text) {
    try {
      PermissionQuery.parse(text);
    } catch (QuerySyntaxException e) {
      assertThat(e.position()).isBetween(0, Math.max(text.length(), PermissionQuery.MAX_LENGTH));
    }
  }

  @Property
  void parser_neverThrowsOnQueryShapedNoise(@ForAll("noise") String text) {
    try {
      PermissionQuery.parse(text);
    } catch (QuerySyntaxException e) {
      assertThat(e.position()).isBetween(0, text.length());
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.of("a:x", "AND", "OR", "(", ")", " ", "*", "b:*", ":", "and")
        .list()
        .ofMaxSize(20)
        .map(parts -> String.join(" ", parts));
  }

  @Property(tries = 300)
  void rendering_thenParsing_givesTheSameAnswers(
      @ForAll("queries") PermissionQuery query, @ForAll("grantSets") List<String> granted) {
    List<Grant> grants = granted.stream().map(Grant::parse).toList();
    PermissionQuery reparsed = PermissionQuery.parse(query.render());
    assertThat(reparsed.satisfiedBy(grants)).isEqualTo(query.satisfiedBy(grants));
    assertThat(reparsed.missing(grants)).isEqualTo(query.missing(grants));
    assertThat(query.missing(grants).isEmpty()).isEqualTo(query.satisfiedBy(grants));
  }

  @Provide
  Arbitrary<List<String>> grantSets() {
    return permissions().list().ofMaxSize(4);
  }
}
