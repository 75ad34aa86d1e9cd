package io.mqttha.brokers.render;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.Deployment;
import io.mqttha.brokers.model.NodeSpec;
import io.mqttha.brokers.security.AccessPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every file rendered from the cluster description, by its path relative to the repository root:
 * each node's config for both deployments, the ACL and {@code docker-compose.yml}. They are checked in for
 * people who read them; {@code ./demo cluster render} rewrites them.
 */
public final class ClusterFiles {

    /** Folder, relative to the repository root, that holds the rendered broker configs. */
    public static final String CONFIG_ROOT = "brokers/conf";
    /** The ACL file both deployments load, relative to the repository root. */
    public static final String ACL_FILE = CONFIG_ROOT + "/acl";
    /** The compose file, relative to the repository root. */
    public static final String COMPOSE_FILE = "docker-compose.yml";

    private ClusterFiles() {
    }

    /** The path of a node's rendered config, relative to the repository root. */
    public static String configPath(NodeSpec node, Deployment deployment) {
        return CONFIG_ROOT + "/" + deployment.directoryName() + "/" + node.name() + ".conf";
    }

    /** Every rendered file of {@code cluster}: relative path to content, in a stable order. */
    public static Map<String, String> render(ClusterDescription cluster) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Deployment deployment : Deployment.values()) {
            for (NodeSpec node : cluster.nodes()) {
                files.put(configPath(node, deployment), MosquittoConfigRenderer.render(cluster, node, deployment));
            }
        }
        files.put(ACL_FILE, AccessPolicy.of(cluster).renderAclFile());
        files.put(COMPOSE_FILE, ComposeFileRenderer.render(cluster));
        return files;
    }

    /** Writes every rendered file of {@code cluster} below {@code repositoryRoot}; returns how many. */
    public static int write(ClusterDescription cluster, Path repositoryRoot) throws IOException {
        Map<String, String> files = render(cluster);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = repositoryRoot.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        return files.size();
    }
}
