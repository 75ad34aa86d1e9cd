package io.mqttha.brokers.render;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.Login;
import io.mqttha.brokers.security.MosquittoPasswordFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

/**
 * Generates the secrets {@code docker-compose.yml} mounts: fresh logins for every identity, the brokers'
 * password file, each bridge's login lines and every other identity's password, one file per compose
 * secret, plus the logins in the layout of a local run directory so that {@code ./demo --brokers … --secrets DIR}
 * finds the dashboard's.
 *
 * <p>Compose bind-mounts each secret file into containers whose processes run as other users (Mosquitto
 * switches to {@code mosquitto}, the publisher image runs as {@code mqttha}), so the files are readable by
 * all while the folder that holds them is the owner's alone: other users of the host cannot reach them.
 */
public final class ComposeSecrets {

    private ComposeSecrets() {
    }

    /**
     * Writes fresh secrets for {@code cluster} into {@code directory}, replacing any from before.
     *
     * @return the logins written
     * @throws ClusterException when a file cannot be written
     */
    public static ClusterSecrets write(ClusterDescription cluster, Path directory) {
        AccessPolicy policy = AccessPolicy.of(cluster);
        SecureRandom random = new SecureRandom();
        ClusterSecrets secrets = ClusterSecrets.generate(policy, random);
        try {
            Files.createDirectories(directory);
            restrictToOwner(directory);
            secrets.write(directory);
            writeMountable(directory.resolve("passwords"), MosquittoPasswordFile.render(secrets.logins(), random));
            Set<String> bridges = new HashSet<>();
            for (NodeSpec node : cluster.nodes()) {
                if (!node.equals(cluster.primaryRelay())) {
                    bridges.add(ClusterDescription.bridgeClientId(node));
                    writeMountable(directory.resolve(ClusterDescription.bridgeClientId(node)),
                            MosquittoConfigRenderer.renderRunSecrets(node, secrets, null));
                }
            }
            for (Login login : secrets.logins()) {
                if (!bridges.contains(login.username())) {
                    writeMountable(directory.resolve(login.username()), login.password());
                }
            }
        } catch (IOException e) {
            throw new ClusterException("Could not write the compose secrets to " + directory + ": " + e.getMessage(), e);
        }
        return secrets;
    }

    private static void writeMountable(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Without POSIX permissions the file system's defaults apply.
        }
    }

    private static void restrictToOwner(Path directory) throws IOException {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // As above.
        }
    }
}
