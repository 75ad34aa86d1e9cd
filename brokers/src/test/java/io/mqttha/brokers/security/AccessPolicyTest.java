package io.mqttha.brokers.security;

import io.mqttha.brokers.model.ClusterDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessPolicyTest {

    private final AccessPolicy policy = AccessPolicy.of(ClusterDescription.standard());

    @Test
    void hasOneIdentityPerPublisherAndBridgeAndTheDashboardAndTheOperator() {
        assertThat(policy.usernames()).containsExactly(
                "publisher-1", "publisher-2", "publisher-3", "publisher-4", "publisher-5", "publisher-6", "publisher-7",
                "dashboard",
                "bridge-node-1", "bridge-node-2", "bridge-node-3", "bridge-node-4", "bridge-node-5", "bridge-node-6",
                "bridge-node-7", "bridge-relay-b",
                "operator");
    }

    @Test
    void aPublisherMayWriteOnlyItsOwnTopicsAndItsControlTraffic() {
        String acl = policy.renderAclFile();

        assertThat(section(acl, "publisher-3")).containsExactly(
                "user publisher-3",
                "topic readwrite mqtt-ha/publisher-3/#",
                "topic readwrite mqtt-ha/control/publisher-3/#",
                "topic write mqtt-ha/control/+/replay",
                "topic write mqtt-ha/control/+/unavailable");
    }

    @Test
    void theDashboardReadsEverythingAndWritesOnlyRepairRequests() {
        assertThat(section(policy.renderAclFile(), "dashboard")).containsExactly(
                "user dashboard",
                "topic read #",
                "topic read $SYS/#",
                "topic write mqtt-ha/control/+/repair");
    }

    @Test
    void secretsNameEveryIdentityAndNeverShowAPassword(@TempDir Path runDirectory) {
        ClusterSecrets secrets = ClusterSecrets.generate(policy, new SecureRandom());
        secrets.write(runDirectory);
        ClusterSecrets read = ClusterSecrets.read(runDirectory);

        for (String username : policy.usernames()) {
            Login login = read.login(username);
            assertThat(login).isEqualTo(secrets.login(username));
            assertThat(login.password()).hasSize(ClusterSecrets.PASSWORD_LENGTH).matches("[A-Za-z0-9]+");
            assertThat(login.toString()).doesNotContain(login.password());
            assertThat(read.toString()).doesNotContain(login.password());
        }
        assertThat(secrets.login("publisher-1").password()).isNotEqualTo(secrets.login("publisher-2").password());
        assertThatThrownBy(() -> read.login("publisher-8"))
                .hasMessageStartingWith("The cluster has no identity 'publisher-8'; it has: publisher-1, ");
    }

    /** The lines of one identity's block, from its {@code user} line to the next blank line. */
    private static List<String> section(String acl, String username) {
        List<String> lines = acl.lines().toList();
        int start = lines.indexOf("user " + username);
        int end = start;
        while (end < lines.size() && !lines.get(end).isBlank()) {
            end++;
        }
        return lines.subList(start, end);
    }
}
