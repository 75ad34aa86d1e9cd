package io.mqttha.client;

import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.Login;
import io.mqttha.brokers.testing.LocalClusterExtension;

/** The SDK's credentials for an identity of a test's cluster. */
final class ClusterLogins {

    private ClusterLogins() {
    }

    /** The operator's: may publish and subscribe anything, which tests of the SDK's mechanics need. */
    static Credentials operator(LocalClusterExtension cluster) {
        return of(cluster, AccessPolicy.OPERATOR);
    }

    /** The credentials of {@code username}. */
    static Credentials of(LocalClusterExtension cluster, String username) {
        Login login = cluster.get().login(username);
        return Credentials.of(login.username(), login.password());
    }
}
