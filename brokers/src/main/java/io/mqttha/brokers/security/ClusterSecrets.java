package io.mqttha.brokers.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttha.brokers.model.ClusterException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The passwords of one cluster run: generated when the cluster starts, kept in the run directory in a
 * file only its owner can read, never committed and never logged. Clients started beside the cluster
 * (publishers, the dashboard, the {@code ./demo cluster} commands, tests) read their login from here.
 */
public final class ClusterSecrets {

    /** Name of the file inside a run directory's {@link #DIRECTORY_NAME} folder. */
    public static final String FILE_NAME = "logins.json";
    /** The folder of a run directory that holds the secrets, the password file and the ACL. */
    public static final String DIRECTORY_NAME = "security";
    /** Characters in a generated password: 24 of 62 symbols, about 143 bits. */
    public static final int PASSWORD_LENGTH = 24;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Login> logins;
    private final List<String> orderedUsernames;

    private ClusterSecrets(Map<String, Login> logins) {
        this.logins = Map.copyOf(logins);
        this.orderedUsernames = List.copyOf(logins.keySet());
    }

    /** A fresh password for every identity of {@code policy}. */
    public static ClusterSecrets generate(AccessPolicy policy, SecureRandom random) {
        Map<String, Login> logins = new LinkedHashMap<>();
        for (String username : policy.usernames()) {
            logins.put(username, new Login(username, password(random)));
        }
        return new ClusterSecrets(logins);
    }

    /** The secrets a cluster run keeps in {@code runDirectory}. */
    public static ClusterSecrets read(Path runDirectory) {
        Path file = file(runDirectory);
        if (!Files.exists(file)) {
            throw new ClusterException("No cluster logins in " + file + ": start the cluster with `./demo cluster up` "
                    + "(or, for compose, run `./demo cluster compose-secrets`).");
        }
        try {
            Map<String, String> passwords = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
            Map<String, Login> logins = new LinkedHashMap<>();
            passwords.forEach((username, password) -> logins.put(username, new Login(username, password)));
            return new ClusterSecrets(logins);
        } catch (IOException | IllegalArgumentException e) {
            throw new ClusterException("The logins in " + file + " are unreadable: stop the cluster and start it again.", e);
        }
    }

    /** Where a run directory keeps its secrets. */
    public static Path file(Path runDirectory) {
        return runDirectory.resolve(DIRECTORY_NAME).resolve(FILE_NAME);
    }

    /**
     * Writes the secrets into {@code runDirectory}, readable and writable by the owner only.
     *
     * @throws ClusterException when the file cannot be written
     */
    public void write(Path runDirectory) {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String username : orderedUsernames) {
            passwords.put(username, logins.get(username).password());
        }
        try {
            writeOwnerOnly(file(runDirectory), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(passwords));
        } catch (IOException e) {
            throw new ClusterException("Could not write the cluster's logins to " + file(runDirectory) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The login of {@code username}.
     *
     * @throws ClusterException naming the identities that exist
     */
    public Login login(String username) {
        Login login = logins.get(username);
        if (login == null) {
            throw new ClusterException("The cluster has no identity '" + username + "'; it has: "
                    + String.join(", ", orderedUsernames) + ".");
        }
        return login;
    }

    /** Every login, in the policy's order. */
    public Collection<Login> logins() {
        return orderedUsernames.stream().map(logins::get).toList();
    }

    /**
     * Writes {@code content} to {@code file}, creating it (and its folder) readable and writable by the owner
     * only where the file system knows POSIX permissions, so that the secret is never readable by others,
     * not even for a moment.
     */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            throw new IOException(file + " appeared while it was being written", raced);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Lists the usernames only. */
    @Override
    public String toString() {
        return "ClusterSecrets" + orderedUsernames;
    }

    private static String password(SecureRandom random) {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
