package io.mqttha.brokers.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Renders a Mosquitto password file in the format {@code mosquitto_passwd} writes in Mosquitto 2.0:
 * {@code username:$7$ITERATIONS$SALT$HASH}, PBKDF2 with HMAC-SHA512, base64 salt and hash. Written in Java
 * so that starting a cluster needs no {@code mosquitto_passwd} binary and no password ever appears on a
 * command line.
 */
public final class MosquittoPasswordFile {

    /** The iteration count {@code mosquitto_passwd} 2.0 uses. */
    public static final int ITERATIONS = 101;

    private static final String PBKDF2_SHA512_TAG = "$7$";
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;

    private MosquittoPasswordFile() {
    }

    /** One line per login, each with a fresh salt from {@code random}. */
    public static String render(Collection<Login> logins, SecureRandom random) {
        StringBuilder file = new StringBuilder();
        for (Login login : logins) {
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            file.append(line(login, salt)).append('\n');
        }
        return file.toString();
    }

    /** The line for {@code login} with this salt. */
    static String line(Login login, byte[] salt) {
        Base64.Encoder base64 = Base64.getEncoder();
        return login.username() + ":" + PBKDF2_SHA512_TAG + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(hash(login.password(), salt));
    }

    private static byte[] hash(String password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK lacks PBKDF2WithHmacSHA512, which every Java 17 has", e);
        } finally {
            spec.clearPassword();
        }
    }
}
