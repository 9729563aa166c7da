package com.carbon254.ingestion.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of the PEM files TLS is configured with, run when the configuration is loaded so that a missing file or a
 * file that holds no certificate (or no key) stops start-up with one line naming the key, instead of a TLS error when
 * the server or client first connects. Only the files' shape is judged; nothing read here is ever logged.
 */
final class PemFiles {
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemFiles() {
    }

    /** The X.509 certificates of a PEM file, first the leaf of a chain. */
    static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        byte[] bytes = Files.readAllBytes(file);
        if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new CertificateException("no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        cf.generateCertificates(new ByteArrayInputStream(bytes)).forEach(c -> out.add((X509Certificate) c));
        if (out.isEmpty()) throw new CertificateException("no PEM certificate in it");
        return out;
    }

    /** Null when {@code file} holds at least one PEM certificate, else what is wrong with it. */
    static String certificatesProblem(String file) {
        String missing = missing(file);
        if (missing != null) return missing;
        try {
            certificates(Path.of(file));
            return null;
        } catch (IOException e) {
            return "'" + file + "' cannot be read: " + e.getMessage();
        } catch (CertificateException e) {
            return "'" + file + "' is not a readable PEM certificate file: " + e.getMessage();
        }
    }

    /**
     * Null when {@code file} holds an unencrypted PEM private key (PKCS#8 {@code PRIVATE KEY}, or PKCS#1
     * {@code RSA PRIVATE KEY} / SEC1 {@code EC PRIVATE KEY}, which the TLS libraries also read), else what is wrong.
     */
    static String privateKeyProblem(String file) {
        String missing = missing(file);
        if (missing != null) return missing;
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "'" + file + "' cannot be read: " + e.getMessage();
        }
        Matcher m = KEY.matcher(text);
        if (!m.find()) return "'" + file + "' is not a PEM private key (no -----BEGIN PRIVATE KEY----- block)";
        if (m.group(1).startsWith("ENCRYPTED")) {
            return "'" + file + "' holds an encrypted private key; give the key unencrypted (PKCS#8, mounted read-only)";
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            return "'" + file + "' is not a readable PEM private key: " + e.getMessage();
        }
        if (der.length == 0) return "'" + file + "' holds an empty private key";
        if (!"PRIVATE KEY".equals(m.group(1))) return null; // PKCS#1 / SEC1: the TLS library parses it
        for (String alg : KEY_ALGORITHMS) {
            try {
                KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                return null;
            } catch (NoSuchAlgorithmException | InvalidKeySpecException | RuntimeException e) {
                // next algorithm
            }
        }
        return "'" + file + "' is not a readable PEM private key (not PKCS#8 RSA, EC or EdDSA)";
    }

    private static String missing(String file) {
        Path p = Path.of(file);
        if (!Files.exists(p)) return "'" + file + "': file not found";
        if (!Files.isRegularFile(p)) return "'" + file + "' is not a file";
        if (!Files.isReadable(p)) return "'" + file + "' is not readable by this process";
        return null;
    }
}
