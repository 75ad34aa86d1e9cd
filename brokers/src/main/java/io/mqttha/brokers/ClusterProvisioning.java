package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.model.Deployment;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.render.MosquittoConfigRenderer;
import io.mqttha.brokers.security.AccessPolicy;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.MosquittoPasswordFile;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The files a run needs before any broker starts, all in the run directory and readable by the owner only:
 * the run's logins, the Mosquitto password file and ACL, in TLS mode the development CA and node certificates,
 * each node's config with its bridge's password, and the {@link RetainedGuard} and {@link BridgeNoDelay} plugins when
 * they can be built.
 */
final class ClusterProvisioning {

    /** Name of a node's config inside its run directory. */
    static final String CONFIG_FILE_NAME = "mosquitto.conf";

    private final ClusterDescription description;
    private final ClusterSecrets secrets;
    private final Optional<RunTrust> trust;
    private final RetainedGuard guard;
    private final BridgeNoDelay noDelay;

    private ClusterProvisioning(ClusterDescription description, ClusterSecrets secrets, Optional<RunTrust> trust,
            RetainedGuard guard, BridgeNoDelay noDelay) {
        this.description = description;
        this.secrets = secrets;
        this.trust = trust;
        this.guard = guard;
        this.noDelay = noDelay;
    }

    /** Generates the run's logins (and, in TLS mode, its CA) and writes the security files. */
    static ClusterProvisioning create(ClusterDescription description, Path runDirectory, ClusterOptions options) {
        AccessPolicy policy = AccessPolicy.of(description);
        SecureRandom random = new SecureRandom();
        ClusterSecrets secrets = ClusterSecrets.generate(policy, random);
        Path folder = runDirectory.resolve(ClusterSecrets.DIRECTORY_NAME);
        try {
            secrets.write(runDirectory);
            ClusterSecrets.writeOwnerOnly(folder.resolve("passwords"), MosquittoPasswordFile.render(secrets.logins(), random));
            ClusterSecrets.writeOwnerOnly(folder.resolve("acl"), policy.renderAclFile());
        } catch (IOException e) {
            throw new ClusterException("Could not write the cluster's security files to " + folder + ": " + e.getMessage(), e);
        }
        Optional<RunTrust> trust = Optional.empty();
        if (options.tls()) {
            options.progress().accept("Making the run's development certificate authority and "
                    + description.nodes().size() + " node certificates ...");
            trust = Optional.of(RunTrust.create(description, runDirectory));
        }
        RetainedGuard guard = options.retainedGuard() ? RetainedGuard.build(runDirectory) : RetainedGuard.disabled();
        options.progress().accept(guard.summary() + ".");
        BridgeNoDelay noDelay = BridgeNoDelay.build(runDirectory);
        options.progress().accept(noDelay.summary() + ".");
        return new ClusterProvisioning(description, secrets, trust, guard, noDelay);
    }

    /** What {@link #create} left in {@code runDirectory}. */
    static ClusterProvisioning read(ClusterDescription description, Path runDirectory, boolean tls) {
        return new ClusterProvisioning(description, ClusterSecrets.read(runDirectory),
                tls ? Optional.of(RunTrust.read(runDirectory)) : Optional.empty(), RetainedGuard.existing(runDirectory),
                BridgeNoDelay.existing(runDirectory));
    }

    ClusterSecrets secrets() {
        return secrets;
    }

    Optional<RunTrust> trust() {
        return trust;
    }

    RetainedGuard guard() {
        return guard;
    }

    BridgeNoDelay noDelay() {
        return noDelay;
    }

    /** Writes {@code node}'s config into its folder and returns its path. */
    Path writeConfig(NodeSpec node, Path nodeDirectory) {
        Path config = nodeDirectory.resolve(CONFIG_FILE_NAME);
        try {
            // The config holds the bridge's password: owner-only, like every secret of the run.
            ClusterSecrets.writeOwnerOnly(config, MosquittoConfigRenderer.render(description, node, Deployment.LOCAL,
                    trust.isPresent()) + MosquittoConfigRenderer.renderRunSecrets(node, secrets,
                    System.getProperty("user.name")) + guard.configLine() + noDelay.configLine());
        } catch (IOException e) {
            throw new ClusterException("Could not write " + config + ": " + e.getMessage(), e);
        }
        return config;
    }
}
