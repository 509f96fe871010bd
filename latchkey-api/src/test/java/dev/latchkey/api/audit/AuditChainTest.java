package dev.latchkey.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.api.AuditVerification;
import dev.latchkey.api.AuditVerification.ChainHead;
import dev.latchkey.api.Json;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The canonical encoding (known answers, checked with the independent Python verifier of
 * docs/audit/verify_export.py) and the verifier's reasons, in memory.
 */
class AuditChainTest {
  static final String WS = "ws_1Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op";

  static AuditEvent draft(int i, Map<String, Object> details) {
    return new AuditEvent(
        String.format("evt_%024d", i),
        Instant.parse("2026-11-27T10:15:30.123Z").plusSeconds(i),
        new AuditEvent.Actor("root_key", "rk_5Gh8Jk2Lm6Nb9Vc3Xz7Qw1Er"),
        "key.updated",
        new AuditEvent.Target("key", "key_9Zx4Bn7Qw2Er5Ty8Ui1Op3As"),
        "req-" + i,
        i % 2 == 0 ? null : "10.1.2.3",
        details);
  }

  /** Links drafts into a chain as the store does: position, previous hash, own hash. */
  static List<AuditEvent> chain(List<AuditEvent> drafts) {
    List<AuditEvent> chain = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (AuditEvent d : drafts) {
      AuditEvent placed = d.chained(WS, chain.size() + 1, prev, null);
      AuditEvent linked = placed.chained(WS, placed.position(), prev, AuditChain.hash(placed));
      chain.add(linked);
      prev = linked.hash();
    }
    return chain;
  }

  static Map<String, Object> trickyDetails() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("z", "quote \" backslash \\ tab \t nul \u0000 é 𝄞 \u2028 \u007f");
    details.put("a", List.of(1, -2, 3_000_000_000_000L, 0.5, 1.0, 1e-7, 1e21, 123.456, -0.001));
    details.put("n", null);
    details.put("b", true);
    details.put("\uffff", "sorts after the surrogate pair of the next name");
    details.put("\ud834\udd1e", "U+1D11E");
    details.put("nested", Map.of("y", Map.of(), "x", List.of()));
    return details;
  }

  static List<AuditEvent> sample() {
    return chain(
        List.of(
            draft(1, Map.of("grace_period", "PT24H")),
            draft(2, trickyDetails()),
            draft(3, null),
            draft(4, Map.of("fields", List.of("name", "meta")))));
  }

  @Test
  void canonicalEncoding_isTheDocumentedOne() {
    AuditEvent first = sample().getFirst();

    assertThat(new String(AuditChain.canonical(first), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"action\":\"key.updated\",\"actor\":{\"id\":\"rk_5Gh8Jk2Lm6Nb9Vc3Xz7Qw1Er\","
                + "\"type\":\"root_key\"},\"details\":{\"grace_period\":\"PT24H\"},"
                + "\"id\":\"evt_000000000000000000000001\",\"position\":1,\"prev_hash\":\""
                + AuditChain.GENESIS
                + "\",\"request_id\":\"req-1\",\"source_address\":\"10.1.2.3\","
                + "\"target\":{\"id\":\"key_9Zx4Bn7Qw2Er5Ty8Ui1Op3As\",\"type\":\"key\"},"
                + "\"time\":1795774531123,\"v\":1,\"workspace_id\":\""
                + WS
                + "\"}");
  }

  @Test
  void knownAnswers_agreeWithTheIndependentPythonVerifier() {
    assertThat(sample()).extracting(AuditEvent::hash).containsExactlyElementsOf(KNOWN_HASHES);
  }

  static final List<String> KNOWN_HASHES =
      List.of(
          "0694c77a472ea195547591e2eae405add424fc2513b02dbe22767a2beb756800",
          "199e156cd53ef412e2d0a1b6b6ae3c55409ae6eb7ba91e5a83957b9cc8fe18fb",
          "ce43129c57ebe40ab0a5dfb81ada762c36e7bd4eb39abda70f9f0b0f55cecfa1",
          "b42553a901f671827cd8098095ce827aa5d19732ff0ffbe9223e4088b7c67031");

  @Test
  void numbers_areWrittenAsEcmaScriptWould() {
    assertThat(CanonicalJson.ecmaScript(0.5)).isEqualTo("0.5");
    assertThat(CanonicalJson.ecmaScript(1e-7)).isEqualTo("1e-7");
    assertThat(CanonicalJson.ecmaScript(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(CanonicalJson.ecmaScript(0.000001)).isEqualTo("0.000001");
    assertThat(CanonicalJson.ecmaScript(123.456)).isEqualTo("123.456");
    assertThat(CanonicalJson.ecmaScript(-0.001)).isEqualTo("-0.001");
    assertThat(CanonicalJson.ecmaScript(1.2345e25)).isEqualTo("1.2345e+25");
    assertThat(CanonicalJson.number(1e21)).isEqualTo("1000000000000000000000");
    assertThat(CanonicalJson.number(new java.math.BigDecimal("2.50"))).isEqualTo("2.5");
    assertThat(CanonicalJson.number(new java.math.BigDecimal("2.0"))).isEqualTo("2");
  }

  @Property(tries = 300)
  void anEventReadBackFromItsJson_hashesTheSame(
      @ForAll @StringLength(max = 40) String text, @ForAll long n, @ForAll double d) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put(text, text);
    details.put("n", n);
    if (Double.isFinite(d)) {
      details.put("d", d);
    }
    AuditEvent event = chain(List.of(draft(1, details))).getFirst();

    AuditEvent read = readBack(event);

    assertThat(AuditChain.hash(read)).isEqualTo(event.hash());
  }

  private static AuditEvent readBack(AuditEvent event) {
    try {
      return Json.mapper().readValue(Json.mapper().writeValueAsString(event), AuditEvent.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static AuditVerification verify(List<AuditEvent> events, Optional<ChainHead> head) {
    ChainVerifier v = ChainVerifier.of(WS, head);
    for (AuditEvent e : events) {
      if (!v.accept(e)) {
        break;
      }
    }
    return v.finish();
  }

  @Test
  void intactChain_isValid_andItsHeadIsTheLastEvent() {
    List<AuditEvent> events = sample();
    AuditVerification r = verify(events, Optional.empty());
    assertThat(r.valid()).isTrue();
    assertThat(r.eventsChecked()).isEqualTo(4);
    assertThat(r.head()).isEqualTo(new ChainHead(4, events.getLast().hash()));
  }

  @Test
  void eachKindOfTampering_isNamed() {
    List<AuditEvent> events = sample();
    AuditEvent third = events.get(2);

    List<AuditEvent> modified = new ArrayList<>(events);
    modified.set(
        2,
        new AuditEvent(
            third.id(),
            third.time(),
            third.actor(),
            "key.revoked",
            third.target(),
            third.requestId(),
            third.sourceAddress(),
            third.details(),
            WS,
            third.position(),
            third.prevHash(),
            third.hash()));
    assertThat(verify(modified, Optional.empty()).firstBad())
        .isEqualTo(
            new AuditVerification.ChainBreak(
                3L, third.id(), "modified", "the event's hash does not match its contents"));

    List<AuditEvent> deleted = new ArrayList<>(events);
    deleted.remove(1);
    assertThat(verify(deleted, Optional.empty()).firstBad().reason()).isEqualTo("deleted");
    assertThat(verify(deleted, Optional.empty()).firstBad().position()).isEqualTo(2);

    List<AuditEvent> truncated = events.subList(0, 3);
    assertThat(verify(truncated, Optional.empty()).valid()).isTrue();
    AuditVerification againstHead =
        verify(truncated, Optional.of(new ChainHead(4, events.getLast().hash())));
    assertThat(againstHead.firstBad().reason()).isEqualTo("deleted");
    assertThat(againstHead.firstBad().position()).isEqualTo(4);

    List<AuditEvent> swapped = new ArrayList<>(events);
    AuditEvent second = events.get(1);
    swapped.set(1, moved(third, 2));
    swapped.set(2, moved(second, 3));
    assertThat(verify(swapped, Optional.empty()).firstBad())
        .extracting(AuditVerification.ChainBreak::position, AuditVerification.ChainBreak::reason)
        .containsExactly(2L, "reordered");

    List<AuditEvent> inserted = new ArrayList<>(events);
    AuditEvent forged = chain(List.of(draft(9, Map.of()))).getFirst();
    inserted.add(forged.chained(WS, 5, events.getLast().hash(), null));
    AuditEvent placed = inserted.getLast();
    inserted.set(4, placed.chained(WS, 5, placed.prevHash(), AuditChain.hash(placed)));
    assertThat(
            verify(inserted, Optional.of(new ChainHead(4, events.getLast().hash())))
                .firstBad()
                .reason())
        .isEqualTo("inserted");

    List<AuditEvent> otherWorkspace = new ArrayList<>(events);
    otherWorkspace.set(
        0, events.getFirst().chained("ws_other", 1, AuditChain.GENESIS, events.getFirst().hash()));
    assertThat(verify(otherWorkspace, Optional.empty()).firstBad().reason()).isEqualTo("inserted");
  }

  private static AuditEvent moved(AuditEvent e, long position) {
    return e.chained(WS, position, e.prevHash(), e.hash());
  }

  @Test
  void anExport_verifiesOffline_andAnUnreadableLineBreaksIt() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (AuditEvent e : sample()) {
      jsonl.append(Json.mapper().writeValueAsString(e)).append('\n');
    }
    java.nio.file.Path out = java.nio.file.Path.of("target", "audit-sample.jsonl");
    java.nio.file.Files.writeString(out, jsonl);

    assertThat(
            ExportVerifier.verify(
                    new BufferedReader(new StringReader(jsonl.toString())), Optional.empty())
                .valid())
        .isTrue();
    String broken = jsonl.toString().replaceFirst("\n", "\n{not json}\n");
    AuditVerification r =
        ExportVerifier.verify(new BufferedReader(new StringReader(broken)), Optional.empty());
    assertThat(r.firstBad().position()).isEqualTo(2);
    assertThat(r.firstBad().detail()).isEqualTo("line 2 is not an audit event");
  }
}
