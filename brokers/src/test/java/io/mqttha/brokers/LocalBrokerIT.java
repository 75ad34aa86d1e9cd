package io.mqttha.brokers;

import io.mqttha.brokers.probe.MqttProbe;
import io.mqttha.brokers.probe.NodeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalBrokerIT {

    @Test
    void brokerAnswersOnItsPortAndCanBeKilledPausedAndRestarted(@TempDir Path runDirectory) {
        MqttProbe probe = new MqttProbe();
        try (LocalBroker broker = LocalBroker.start(runDirectory)) {
            assertThat(probe.probe(broker.host(), broker.port()).state()).isEqualTo(NodeState.UP);

            broker.pause();
            assertThat(probe.probe(broker.host(), broker.port()).state()).isEqualTo(NodeState.HUNG);
            broker.resume();
            assertThat(probe.probe(broker.host(), broker.port()).state()).isEqualTo(NodeState.UP);

            broker.kill();
            assertThat(probe.probe(broker.host(), broker.port()).state()).isEqualTo(NodeState.DOWN);
            broker.restart();
            assertThat(probe.probe(broker.host(), broker.port()).state()).isEqualTo(NodeState.UP);
        }
    }
}
