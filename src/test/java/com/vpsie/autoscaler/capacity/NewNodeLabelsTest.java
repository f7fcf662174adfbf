package com.vpsie.autoscaler.capacity;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A new node's labels read as the map they stand for: the group's, then its own hostname and group label. */
class NewNodeLabelsTest {

    @Test
    void readsAsTheGroupsLabelsWithTheNodesOwn() {
        Map<String, String> group = Map.of("pool", "web", Fixtures.ZONE, "z1");
        Node n = GroupTemplate.of("g", 0, 10, group, java.util.List.of(), Resources.of(1000, 1 << 30, 10)).newNode("g-new-0");
        Map<String, String> expected = new HashMap<>(group);
        expected.put(Node.HOSTNAME_LABEL, "g-new-0");
        expected.put(Node.GROUP_LABEL, "g");
        assertThat(n.labels()).isEqualTo(expected).hasSize(4);
        assertThat(expected).isEqualTo(n.labels());
        assertThat(n.labels().hashCode()).isEqualTo(expected.hashCode());
        assertThat(n.labels().get("pool")).isEqualTo("web");
        assertThat(n.labels().containsKey(Node.HOSTNAME_LABEL)).isTrue();
        assertThat(n.labels().get("missing")).isNull();
        assertThat(n.domain(Node.HOSTNAME_LABEL)).isEqualTo("g-new-0");
        assertThat(n.domain(Fixtures.ZONE)).isEqualTo("z1");
    }

    @Test
    void theNodesOwnHostnameAndGroupWinOverTheGroupsLabels() {
        Map<String, String> group = Map.of(Node.HOSTNAME_LABEL, "stale", Node.GROUP_LABEL, "other", "pool", "web");
        Node n = GroupTemplate.of("g", 0, 10, group, java.util.List.of(), Resources.of(1000, 1 << 30, 10)).newNode("g-new-1");
        assertThat(n.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(Node.HOSTNAME_LABEL, "g-new-1", Node.GROUP_LABEL, "g", "pool", "web"));
        assertThat(n.labels().get(Node.HOSTNAME_LABEL)).isEqualTo("g-new-1");
        assertThat(n.labels().get(Node.GROUP_LABEL)).isEqualTo("g");
    }

    @Test
    void cannotBeChanged() {
        Node n = GroupTemplate.of("g", 0, 10, Map.of(), java.util.List.of(), Resources.of(1000, 1 << 30, 10)).newNode("g-new-2");
        assertThatThrownBy(() -> n.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> n.labels().entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
