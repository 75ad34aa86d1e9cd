package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MosquittoBinaryTest {

    @Test
    void missingBinarySaysWhatToInstallInOneSentence(@TempDir Path empty) {
        assertThatThrownBy(() -> MosquittoBinary.locate(Map.of("PATH", empty.toString()), List.of(empty.toString())))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("The mosquitto broker was not found on PATH")
                .hasMessageContaining("apt-get install mosquitto")
                .hasMessageContaining("brew install mosquitto")
                .hasMessageEndingWith(".");
    }

    @Test
    void findsTheBinaryOnPathBeforeThePackageFolders(@TempDir Path folder) throws IOException {
        Path binary = executable(folder.resolve("mosquitto"));
        assertThat(MosquittoBinary.find(Map.of("PATH", "/nonexistent:" + folder), List.of())).contains(binary);
    }

    @Test
    void findsTheBinaryInAPackageFolderThatIsNotOnPath(@TempDir Path folder) throws IOException {
        Path binary = executable(folder.resolve("mosquitto"));
        assertThat(MosquittoBinary.find(Map.of("PATH", "/nonexistent"), List.of(folder.toString()))).contains(binary);
    }

    @Test
    void explicitOverrideMustBeExecutable(@TempDir Path folder) {
        Map<String, String> environment = Map.of(MosquittoBinary.OVERRIDE_VARIABLE, folder.resolve("nope").toString());
        assertThatThrownBy(() -> MosquittoBinary.find(environment, List.of()))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("not an executable file");
    }

    private static Path executable(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
