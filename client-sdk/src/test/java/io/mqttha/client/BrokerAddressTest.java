package io.mqttha.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerAddressTest {

    @Test
    void parsesHostPortAndIpv6InBrackets() {
        assertThat(BrokerAddress.parse(" 127.0.0.1:18831 ")).isEqualTo(new BrokerAddress("127.0.0.1", 18831));
        assertThat(BrokerAddress.parse("[::1]:1883")).isEqualTo(new BrokerAddress("::1", 1883));
        assertThat(new BrokerAddress("::1", 1883)).hasToString("[::1]:1883");
        assertThat(BrokerAddress.parse("broker.example:8883")).hasToString("broker.example:8883");
    }

    @Test
    void errorsNameTheEntry() {
        assertThatThrownBy(() -> BrokerAddress.parse("broker")).hasMessageContaining("'broker'");
        assertThatThrownBy(() -> BrokerAddress.parse("broker:")).hasMessageContaining("'broker:'");
        assertThatThrownBy(() -> BrokerAddress.parse("broker:http")).hasMessageContaining("'broker:http'");
        assertThatThrownBy(() -> BrokerAddress.parse("broker:0")).hasMessageContaining("'broker:0'");
        assertThatThrownBy(() -> BrokerAddress.parse("::1:1883")).hasMessageContaining("brackets");
    }
}
