package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the {@code mosquitto} executable: {@value #OVERRIDE_VARIABLE} when set, else {@code PATH},
 * else the folders packages install it to without putting them on a user's {@code PATH} (Debian's
 * {@code /usr/sbin}, Homebrew's {@code sbin}).
 */
public final class MosquittoBinary {

    /** Environment variable that names the executable explicitly. */
    public static final String OVERRIDE_VARIABLE = "MOSQUITTO_BIN";

    private static final List<String> PACKAGE_FOLDERS =
            List.of("/usr/sbin", "/usr/local/sbin", "/opt/homebrew/sbin", "/opt/homebrew/opt/mosquitto/sbin");

    private MosquittoBinary() {
    }

    /**
     * The executable to run.
     *
     * @throws ClusterException with one sentence that says what to install when there is none
     */
    public static Path locate() {
        return locate(System.getenv(), PACKAGE_FOLDERS);
    }

    /** {@link #locate()} with the environment and the package folders given. */
    static Path locate(Map<String, String> environment, List<String> packageFolders) {
        return find(environment, packageFolders).orElseThrow(() -> new ClusterException(
                "The mosquitto broker was not found on PATH or in " + String.join(", ", packageFolders)
                        + ": install it (Debian/Ubuntu: sudo apt-get install mosquitto mosquitto-clients;"
                        + " macOS: brew install mosquitto) or set " + OVERRIDE_VARIABLE + " to its path."));
    }

    /** The executable that {@code environment} or one of {@code packageFolders} leads to, if any. */
    static Optional<Path> find(Map<String, String> environment, List<String> packageFolders) {
        String override = environment.get(OVERRIDE_VARIABLE);
        if (override != null && !override.isBlank()) {
            Path explicit = Path.of(override);
            if (!Files.isExecutable(explicit)) {
                throw new ClusterException(OVERRIDE_VARIABLE + " is set to " + override + ", which is not an executable file.");
            }
            return Optional.of(explicit);
        }
        List<String> folders = new ArrayList<>();
        String path = environment.getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isBlank()) {
                folders.add(folder);
            }
        }
        folders.addAll(packageFolders);
        return folders.stream()
                .map(folder -> Path.of(folder, "mosquitto"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
