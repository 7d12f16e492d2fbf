package io.vamp.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.api.Test;

class NodePathsTest {

  @Test
  void aKeysValueLivesInAChildOfItsKeyNode() {
    assertThat(NodePaths.keyNode("/vamp/default/gateways")).isEqualTo("/vamp/default/gateways");
    assertThat(NodePaths.valueNode("/vamp/default/gateways")).isEqualTo("/vamp/default/gateways/%");
    assertThat(NodePaths.keyNode("/")).isEqualTo("/");
  }

  @Test
  void segmentsZookeeperRefusesArePercentEncodedAndDecodeBack() {
    for (String key : List.of("/a%b/c", "/zookeeper/x", "/x/zookeeper", "/emoji/😀", "/private/\ue000", "/%",
        "/%25", "/sp ace/tab?#&", "/ünïcödé/日本", "/a/%/b")) {
      String node = NodePaths.keyNode(key);
      PathUtils.validatePath(NodePaths.valueNode(key));
      assertThat(NodePaths.keyOfKeyNode(node)).as(key).contains(key);
      assertThat(NodePaths.keyOfValueNode(NodePaths.valueNode(key))).as(key).contains(key);
    }
    assertThat(NodePaths.keyNode("/zookeeper/x")).isEqualTo("/%7Aookeeper/x");
    assertThat(NodePaths.keyNode("/x/zookeeper")).isEqualTo("/x/zookeeper");
    assertThat(NodePaths.keyNode("/a%b")).isEqualTo("/a%25b");
  }

  @Test
  void namesThatAreNotTheCanonicalEncodingAreNotKeys() {
    assertThat(NodePaths.decodeSegment("%", false)).isEmpty();
    assertThat(NodePaths.decodeSegment("%elections", true)).isEmpty();
    assertThat(NodePaths.decodeSegment("zookeeper", true)).isEmpty();
    assertThat(NodePaths.decodeSegment("%41", false)).as("'A' needs no escape").isEmpty();
    assertThat(NodePaths.decodeSegment("%2", false)).isEmpty();
    assertThat(NodePaths.decodeSegment("%FF", false)).as("not UTF-8").isEmpty();
    assertThat(NodePaths.decodeSegment("plain", false)).contains("plain");
    assertThat(NodePaths.keyOfValueNode("/%elections/x/%")).isEmpty();
    assertThat(NodePaths.keyOfValueNode("/a/b")).isEmpty();
  }

  @Test
  void electionsLiveOutsideTheKeys() {
    assertThat(NodePaths.electionNode("vamp/default")).isEqualTo("/%elections/vamp%2Fdefault");
    assertThat(NodePaths.keyOfKeyNode("/%elections")).isEmpty();
  }
}
