package io.mqttha.client;

import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.testing.LocalClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Wrong credentials on the real, secured seven-edge cluster: an authentication failure, not a failover storm. */
class ClusterAuthenticationIT {

    /** Long enough for a client retrying at full speed to make hundreds of attempts. */
    private static final Duration OBSERVATION = Duration.ofSeconds(3);

    @RegisterExtension
    final LocalClusterExtension cluster = new LocalClusterExtension();

    @Test
    void wrongPasswordIsAnAuthenticationFailureOnEveryEdgeAndIsNotRetriedAtFullSpeed() {
        String realPassword = cluster.get().login(AccessPolicy.OPERATOR).password();
        List<AuthenticationFailedEvent> failures = new CopyOnWriteArrayList<>();
        List<FailoverEvent> failovers = new CopyOnWriteArrayList<>();
        HaMqttClient client = cluster.closeAfterTest(HaMqttClient.create(HaClientConfig.builder()
                .addresses(cluster.description().edgeAddresses())
                .clientId("wrong-password")
                .credentials(Credentials.of(AccessPolicy.OPERATOR, realPassword + "-wrong"))
                .build()));
        client.addListener(new HaClientListener() {
            @Override
            public void onAuthenticationFailed(AuthenticationFailedEvent event) {
                failures.add(event);
            }

            @Override
            public void onFailover(FailoverEvent event) {
                failovers.add(event);
            }
        });

        assertThatThrownBy(() -> client.connect().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(AuthenticationFailedException.class, refused ->
                        assertThat(refused.nodes()).hasSize(cluster.description().edges().size()));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.nodeHealth().stream()
                .allMatch(health -> health.state() == NodeState.REFUSED));

        // A client retrying at full speed would make hundreds of attempts; this one leaves each refused edge alone.
        long attemptsBefore = client.metrics().authenticationFailures();
        int edges = cluster.description().edges().size();
        await().during(OBSERVATION).atMost(OBSERVATION.plusSeconds(1))
                .until(() -> client.metrics().authenticationFailures() - attemptsBefore <= edges);
        assertThat(failures).isNotEmpty().allSatisfy(event -> assertThat(event.toString()).doesNotContain(realPassword));
        assertThat(failovers).isEmpty();
        assertThat(client.nodeHealth()).noneMatch(health -> health.state() == NodeState.DOWN);
    }
}
