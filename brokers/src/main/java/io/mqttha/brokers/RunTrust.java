package io.mqttha.brokers;

import io.mqttha.brokers.model.ClusterDescription;
import io.mqttha.brokers.model.ClusterException;
import io.mqttha.brokers.security.ClusterSecrets;
import io.mqttha.brokers.security.DevCertificateAuthority;
import io.mqttha.brokers.security.TrustStores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS run's development CA as its clients see it: the trust store and its password, which is kept
 * owner-only beside it so that commands run later (and other processes) can trust the nodes too.
 */
record RunTrust(Path trustStore, char[] password, SSLSocketFactory socketFactory) {

    private static final String PASSWORD_FILE_NAME = "truststore.password";

    static Path directory(Path runDirectory) {
        return runDirectory.resolve(ClusterSecrets.DIRECTORY_NAME).resolve("tls");
    }

    static Path passwordFile(Path runDirectory) {
        return directory(runDirectory).resolve(PASSWORD_FILE_NAME);
    }

    /** Makes the run's CA and a certificate per node. */
    static RunTrust create(ClusterDescription description, Path runDirectory) {
        DevCertificateAuthority ca = DevCertificateAuthority.create(directory(runDirectory), description.nodeNames());
        char[] password = ca.trustStorePassword();
        try {
            ClusterSecrets.writeOwnerOnly(passwordFile(runDirectory), new String(password));
        } catch (IOException e) {
            throw new ClusterException("Could not write the trust store's password: " + e.getMessage(), e);
        }
        return new RunTrust(ca.trustStore(), password, TrustStores.socketFactory(ca.trustStore(), password));
    }

    /** Reads what {@link #create} left in the run directory. */
    static RunTrust read(Path runDirectory) {
        Path folder = directory(runDirectory);
        try {
            char[] password = Files.readString(passwordFile(runDirectory)).toCharArray();
            Path trustStore = folder.resolve(DevCertificateAuthority.TRUST_STORE_FILE_NAME);
            return new RunTrust(trustStore, password, TrustStores.socketFactory(trustStore, password));
        } catch (IOException e) {
            throw new ClusterException("The TLS trust store in " + folder + " is unreadable: stop the cluster and start it again.", e);
        }
    }

    /** Names the trust store; never the password. */
    @Override
    public String toString() {
        return "RunTrust[" + trustStore + "]";
    }
}
