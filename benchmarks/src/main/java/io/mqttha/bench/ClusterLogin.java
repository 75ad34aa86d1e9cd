package io.mqttha.bench;

import io.mqttha.brokers.LocalCluster;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.Login;
import io.mqttha.client.Credentials;

/**
 * The login benchmark clients use on a local cluster: the operator's, which may publish and subscribe
 * anything, as the benchmarks' own topics need. A plain {@link io.mqttha.brokers.LocalBroker} admits
 * anonymous clients, so clients of single-broker baselines get no login ({@code null}).
 */
final class ClusterLogin {

    private ClusterLogin() {
    }

    /** The operator's login on {@code cluster}. */
    static Login operator(LocalCluster cluster) {
        return cluster.login(AccessPolicy.OPERATOR);
    }

    /** The same login as the SDK's credentials. */
    static Credentials credentials(Login login) {
        return Credentials.of(login.username(), login.password());
    }
}
