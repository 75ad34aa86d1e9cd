package io.mqttha.client.internal.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttha.brokers.security.AccessPolicy;
import org.junit.jupiter.api.Test;

class ControlTopicsTest {

    @Test
    void topicsNameTheClientAsOneEscapedLevel() {
        assertThat(ControlTopics.announce("publisher-1", "plant/line-1"))
                .isEqualTo("mqtt-ha/control/publisher-1/announce/plant/line-1");
        assertThat(ControlTopics.repair("a/b+c#d%e")).isEqualTo("mqtt-ha/control/a%2Fb%2Bc%23d%25e/repair");
        assertThat(ControlTopics.replay("sub")).isEqualTo("mqtt-ha/control/sub/replay");
        assertThat(ControlTopics.unavailable("sub")).isEqualTo("mqtt-ha/control/sub/unavailable");
        assertThat(ControlTopics.inbox("sub")).isEqualTo("mqtt-ha/control/sub/+");
        assertThat(ControlTopics.announceFilter("plant/+/temperature"))
                .isEqualTo("mqtt-ha/control/+/announce/plant/+/temperature");
        assertThat(ControlTopics.announceFilter("plant/+/machine-4/#")).isEqualTo("mqtt-ha/control/+/announce/plant/+/machine-4");
        assertThat(ControlTopics.announceGroup("plant/line-1/machine-4/temperature")).isEqualTo("plant/line-1/machine-4");
        assertThat(ControlTopics.announceGroup("plant/line-1")).isEqualTo("plant/line-1");
        assertThatThrownBy(() -> ControlTopics.level("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void controlTopicsAreRecognizedAndNeverBrokerReserved() {
        assertThat(ControlTopics.isControlTopic(ControlTopics.replay("x"))).isTrue();
        assertThat(ControlTopics.isControlTopic("mqtt-ha/data")).isFalse();
        assertThat(ControlTopics.PREFIX).doesNotStartWith("$");
    }

    @Test
    void theClustersAclGrantsRightsOnTheseVeryTopics() {
        assertThat(AccessPolicy.CONTROL_PREFIX).isEqualTo(ControlTopics.PREFIX);
    }
}
