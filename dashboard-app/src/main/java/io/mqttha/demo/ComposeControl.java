package io.mqttha.demo;

import io.mqttha.dashboard.ControlAction;
import io.mqttha.dashboard.TargetControl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's buttons on the compose cluster's containers ({@code docker compose kill|pause|unpause|restart
 * SERVICE}); the services are named like the nodes and publishers. Disabled, saying why, without a compose
 * file, a docker command or a running Docker engine.
 */
final class ComposeControl implements TargetControl {

    private static final long DOCKER_TIMEOUT_SECONDS = 60;

    private final Path composeFile;
    private final Optional<String> unavailableReason;

    private ComposeControl(Path composeFile, Optional<String> unavailableReason) {
        this.composeFile = composeFile;
        this.unavailableReason = unavailableReason;
    }

    /**
     * Controls for the containers of {@code composeFile}, after checking that Docker can run them.
     *
     * @param composeFile the compose file
     * @return the controls, disabled with a reason when Docker cannot be used
     */
    static ComposeControl detect(Path composeFile) {
        if (!Files.isRegularFile(composeFile)) {
            return new ComposeControl(composeFile, Optional.of("No compose file at " + composeFile.toAbsolutePath()
                    + ", so there are no containers to control; pass --compose-file, or run ./demo without --brokers."));
        }
        try {
            Outcome info = run(List.of("docker", "info", "--format", "{{.ServerVersion}}"), 15);
            if (info.exitCode() != 0) {
                return new ComposeControl(composeFile, Optional.of("No Docker engine answers (docker info: "
                        + info.firstLine() + "), so the compose containers cannot be controlled; ./demo without --brokers runs a cluster it can control."));
            }
        } catch (IOException e) {
            return new ComposeControl(composeFile, Optional.of("The docker command is not installed, so the compose containers "
                    + "cannot be controlled; ./demo without --brokers runs a cluster it can control."));
        }
        return new ComposeControl(composeFile, Optional.empty());
    }

    @Override
    public Optional<String> unavailableReason() {
        return unavailableReason;
    }

    @Override
    public void perform(ControlAction action, String service) throws IOException {
        String verb = switch (action) {
            case KILL -> "kill";
            case PAUSE -> "pause";
            case RESUME -> "unpause";
            case RESTART -> "restart";
        };
        Outcome outcome = run(List.of("docker", "compose", "-f", composeFile.toString(), verb, service), DOCKER_TIMEOUT_SECONDS);
        if (outcome.exitCode() != 0) {
            throw new IOException("docker compose " + verb + " " + service + " failed: " + outcome.firstLine());
        }
    }

    private record Outcome(int exitCode, String firstLine) {
    }

    private static Outcome run(List<String> command, long timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while running " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Outcome(process.exitValue(), output.isEmpty() ? "(no output)" : output.lines().findFirst().orElse(""));
    }
}
