package io.mqttha.client.example;

import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.testing.LocalClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example runs as shown against the real cluster. */
class ReadmeExampleIT {

    @RegisterExtension
    final LocalClusterExtension cluster = new LocalClusterExtension();

    @Test
    void exampleRunsAgainstTheCluster() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        ReadmeExample.run(cluster.description().edgeAddresses(), cluster.get().login(AccessPolicy.OPERATOR).password(), log::add);
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("on 127.0.0.1:")
                .endsWith("lost 0, duplicates dropped 0"));
    }
}
