package io.mqttha.brokers.render;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.render.ComposeFileRenderer;
import io.mqttha.brokers.security.ClusterSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ComposeSecretsTest {

    private final ClusterDescription cluster = ClusterDescription.standard();

    @Test
    void writesEverySecretTheComposeFileMountsInAFolderOnlyItsOwnerCanEnter(@TempDir Path root) throws IOException {
        Path directory = root.resolve("compose");
        ClusterSecrets secrets = ComposeSecrets.write(cluster, directory);

        assertThat(ComposeFileRenderer.composeSecretNames(cluster))
                .allSatisfy(name -> assertThat(directory.resolve(name)).isRegularFile());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(Files.readString(directory.resolve("publisher-3"))).isEqualTo(secrets.login("publisher-3").password());
        assertThat(Files.readString(directory.resolve("bridge-node-2")))
                .isEqualTo("remote_username bridge-node-2\nremote_password " + secrets.login("bridge-node-2").password() + "\n");
        assertThat(Files.readString(directory.resolve("passwords"))).doesNotContain(secrets.login("operator").password())
                .contains("operator:$7$");
        assertThat(ClusterSecrets.read(directory).login("dashboard")).isEqualTo(secrets.login("dashboard"));
    }
}
