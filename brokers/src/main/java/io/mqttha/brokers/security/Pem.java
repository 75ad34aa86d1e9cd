package io.mqttha.brokers.security;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;

/** PEM text, the format OpenSSL (and so Mosquitto) reads certificates and keys in. */
final class Pem {

    /** RFC 7468 wraps the Base64 body at 64 characters. */
    private static final int LINE_LENGTH = 64;
    private static final String PKCS8 = "PKCS#8";

    private Pem() {
    }

    /** {@code -----BEGIN CERTIFICATE-----} text of {@code certificate}. */
    static String certificate(Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A certificate that keytool wrote could not be encoded again: " + e.getMessage(), e);
        }
    }

    /**
     * Unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}) text of {@code key}, which OpenSSL reads
     * for every key type without being told the algorithm.
     */
    static String privateKey(PrivateKey key) {
        if (!PKCS8.equals(key.getFormat())) {
            throw new IllegalStateException("The " + key.getAlgorithm() + " key is encoded as " + key.getFormat() + ", not " + PKCS8 + ".");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(LINE_LENGTH, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
