package io.mqttha.brokers.security;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MosquittoPasswordFileTest {

    @Test
    void hashesExactlyAsMosquittoPasswdDoes() {
        // Written by `mosquitto_passwd -c -b passwords bob secret` (mosquitto 2.0.11).
        String fromMosquittoPasswd = "bob:$7$101$5L0XPYyF3Es88YOb$ZKuNVpQoLGmlOcaABGZnZw7rvtQtyIblsLKj2Ea3eL42GU9/"
                + "+z3tFfd7Jc1T5ExwMUhPe3wLC3Vuv0aTD5BcOw==";
        byte[] salt = Base64.getDecoder().decode("5L0XPYyF3Es88YOb");

        assertThat(MosquittoPasswordFile.line(new Login("bob", "secret"), salt)).isEqualTo(fromMosquittoPasswd);
    }

    @Test
    void givesEveryLoginItsOwnSaltAndNeverThePassword() {
        String file = MosquittoPasswordFile.render(List.of(new Login("a", "same-password"), new Login("b", "same-password")),
                new SecureRandom());

        List<String> lines = file.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("a:$7$101$");
        assertThat(lines.get(1)).startsWith("b:$7$101$");
        assertThat(lines.get(0).substring(2)).isNotEqualTo(lines.get(1).substring(2));
        assertThat(file).doesNotContain("same-password");
    }
}
