package io.vamp.driver.haproxy.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.condition.Condition;
import io.vamp.model.condition.ConditionParser;
import io.vamp.model.condition.Match;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionAclsTest {

  private static ConditionAcls.Compiled compile(String condition) {
    return ConditionAcls.compile(ConditionParser.parse(condition).orElseThrow(), "p");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "user-agent == Firefox           | acl p_a0 req.fhdr(User-Agent) -m sub -- 'Firefox'            | p_a0",
      "user-agent == firefox           | acl p_a0 req.fhdr(User-Agent) -m sub -- 'Firefox'            | p_a0",
      "user-agent == Chrome            | acl p_a0 req.fhdr(User-Agent) -m sub -- 'Chrome'             | p_a0",
      "user-agent != Firefox           | acl p_a0 req.fhdr(User-Agent) -m sub -- 'Firefox'            | !p_a0",
      "user-agent = 'Mobile Safari/5'  | acl p_a0 req.fhdr(User-Agent) -m sub -- 'Mobile Safari/5'    | p_a0",
      "host == example.com             | acl p_a0 req.hdr(host),field(1,:) -i -- 'example.com'        | p_a0",
      "host != example.com             | acl p_a0 req.hdr(host),field(1,:) -i -- 'example.com'        | !p_a0",
      "host == 'example.com:8080'      | acl p_a0 req.hdr(host) -i -- 'example.com:8080'              | p_a0",
      "has cookie vamp                 | acl p_a0 req.cook(vamp) -m found                             | p_a0",
      "misses cookie vamp              | acl p_a0 req.cook(vamp) -m found                             | !p_a0",
      "has header X-Vamp               | acl p_a0 req.hdr_cnt(X-Vamp) gt 0                            | p_a0",
      "misses header X-Vamp            | acl p_a0 req.hdr_cnt(X-Vamp) gt 0                            | !p_a0",
      "cookie group has beta           | acl p_a0 req.cook(group) -m sub -- 'beta'                    | p_a0",
      "cookie group misses beta        | acl p_a0 req.cook(group) -m sub -- 'beta'                    | !p_a0",
      "header X-Team has blue          | acl p_a0 req.fhdr(X-Team) -m sub -- 'blue'                   | p_a0",
      "header X-Team misses blue       | acl p_a0 req.fhdr(X-Team) -m sub -- 'blue'                   | !p_a0",
      "< hdr_sub(user-agent) Chrome >  | acl p_a0 hdr_sub(user-agent) Chrome                          | p_a0",
      "not < path_beg /api >           | acl p_a0 path_beg /api                                       | !p_a0",
  })
  void mapsEachPredicateToOneAcl(String condition, String acl, String match) {
    ConditionAcls.Compiled compiled = compile(condition);
    assertThat(compiled.acls()).containsExactly(acl);
    assertThat(compiled.rules()).isEmpty();
    assertThat(compiled.match()).contains(match);
  }

  @Test
  void safariNeedsBothSafariAndVersionBecauseChromeSaysSafariToo() {
    ConditionAcls.Compiled compiled = compile("user-agent == Safari");
    assertThat(compiled.acls()).containsExactly("acl p_a0 req.fhdr(User-Agent) -m sub -- 'Safari'",
        "acl p_a1 req.fhdr(User-Agent) -m sub -- 'Version'");
    assertThat(compiled.match()).contains("p_a0 p_a1");
  }

  @Test
  void notSafariIsEitherTokenMissing() {
    ConditionAcls.Compiled compiled = compile("user-agent != Safari");
    assertThat(compiled.rules()).containsExactly("http-request set-var(txn.p) bool(true) if !p_a0 || !p_a1");
    assertThat(compiled.match()).contains("{ var(txn.p) -m bool }");
  }

  @Test
  void internetExplorerAndEdgeHaveTwoSpellings() {
    assertThat(compile("user-agent == IE").acls()).containsExactly(
        "acl p_a0 req.fhdr(User-Agent) -m sub -- 'MSIE'", "acl p_a1 req.fhdr(User-Agent) -m sub -- 'Trident'");
    assertThat(compile("user-agent == Edge").acls()).containsExactly(
        "acl p_a0 req.fhdr(User-Agent) -m sub -- 'Edge'", "acl p_a1 req.fhdr(User-Agent) -m sub -- 'Edg/'");
  }

  @Test
  void andIsJuxtapositionAndOrGoesThroughOneVariable() {
    assertThat(compile("has cookie a and has cookie b").match()).contains("p_a0 p_a1");
    ConditionAcls.Compiled or = compile("has cookie a or has cookie b");
    assertThat(or.rules()).containsExactly("http-request set-var(txn.p) bool(true) if p_a0 || p_a1");
    assertThat(or.match()).contains("{ var(txn.p) -m bool }");
  }

  @Test
  void groupsExpandIntoDisjunctiveNormalForm() {
    ConditionAcls.Compiled compiled = compile("(user-agent = Chrome or user-agent = Firefox) and has cookie vamp");
    assertThat(compiled.rules()).containsExactly("http-request set-var(txn.p) bool(true) if p_a0 p_a2 || p_a1 p_a2");
  }

  @Test
  void negationsArePushedToThePredicates() {
    ConditionAcls.Compiled compiled = compile("not (has cookie a and (has cookie b or not has cookie c))");
    // not a or (not b and c)
    assertThat(compiled.rules()).containsExactly("http-request set-var(txn.p) bool(true) if !p_a0 || !p_a1 p_a2");
  }

  @Test
  void contradictionsNeverMatchAndDuplicatesCollapse() {
    ConditionAcls.Compiled never = compile("has cookie a and not has cookie a");
    assertThat(never.match()).isEmpty();
    assertThat(never.acls()).isEmpty();
    ConditionAcls.Compiled same = compile("has cookie a and has cookie a or has cookie a");
    assertThat(same.acls()).hasSize(1);
    assertThat(same.match()).contains("p_a0");
  }

  @Test
  void absorptionKeepsTheShorterAlternative() {
    assertThat(compile("has cookie a or (has cookie a and has cookie b)").match()).contains("p_a0");
  }

  @Test
  void aConditionWithTooManyAlternativesGetsOneVariablePerNode() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      text.append(i == 0 ? "" : " and ").append("(has header a").append(i).append(" or has header b").append(i)
          .append(')');
    }
    ConditionAcls.Compiled compiled = compile(text.toString());
    assertThat(compiled.acls()).hasSize(10);
    assertThat(compiled.rules()).hasSize(6);
    assertThat(compiled.rules().get(0)).isEqualTo("http-request set-var(txn.p_n0) bool(true) if p_a0 || p_a1");
    assertThat(compiled.rules().get(5)).startsWith("http-request set-var(txn.p_n5) bool(true) if"
        + " { var(txn.p_n0) -m bool } { var(txn.p_n1) -m bool }");
    assertThat(compiled.match()).contains("{ var(txn.p_n5) -m bool }");
  }

  @Test
  void theLargestConditionTheModelAcceptsRendersInLinearSize() {
    // 4096 characters of ANDed ORs: 2^100 alternatives if expanded
    StringBuilder text = new StringBuilder("(has header a or has header b)");
    while (text.length() < ConditionParser.MAX_LENGTH - 40) {
      text.append(" and (has header a").append(text.length()).append(" or has header b)");
    }
    ConditionAcls.Compiled compiled = compile(text.toString());
    assertThat(compiled.rules().size()).isLessThan(200);
    assertThat(String.join("\n", compiled.rules()).length()).isLessThan(40_000);
  }

  @Test
  void aValueStartingWithADashIsAPatternNotAFlag() {
    Condition condition = new Condition.UserAgent(Match.EQUALS, "-i");
    assertThat(ConditionAcls.compile(condition, "p").acls())
        .containsExactly("acl p_a0 req.fhdr(User-Agent) -m sub -- '-i'");
  }

  @Test
  void valuesWithSpacesAndDollarsStayInsideSingleQuotes() {
    Condition condition = new Condition.HeaderContains("X-Price", "$HOME and more", false);
    assertThat(ConditionAcls.compile(condition, "p").acls())
        .containsExactly("acl p_a0 req.fhdr(X-Price) -m sub -- '$HOME and more'");
  }

  @Test
  void aTautologyStillRenders() {
    ConditionAcls.Compiled compiled = ConditionAcls.compile(new Condition.Or(List.of(
        new Condition.HasCookie("a"), new Condition.Not(new Condition.HasCookie("a")))), "p");
    assertThat(compiled.match()).isPresent();
    assertThat(compiled.match()).isNotEqualTo(Optional.empty());
  }
}
