package io.mqttha.brokers.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MqttProbeTest {

    @Test
    void theClustersRefusalOfAnonymousClientsReadsAsHealthyAndOtherRefusalsSayWhatIsWrong() {
        assertThat(MqttProbe.describeAnswer(5)).isEqualTo("answers MQTT and refuses anonymous clients, as configured");
        assertThat(MqttProbe.describeAnswer(0)).isEqualTo("answers MQTT and accepts anonymous clients");
        assertThat(MqttProbe.describeAnswer(3)).contains("cannot serve clients").contains("return code 3");
        assertThat(MqttProbe.describeAnswer(1)).contains("refuses MQTT 3.1.1");
        assertThat(MqttProbe.describeAnswer(9)).contains("unknown return code 9");
    }
}
