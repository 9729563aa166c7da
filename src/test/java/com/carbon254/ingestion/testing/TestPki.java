package com.carbon254.ingestion.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates a test makes for itself with the JDK's own {@code keytool} (no BouncyCastle, no openssl): a CA, and
 * leaf certificates it signs, each written as the PEM files a deployment mounts — the certificate, its CA, and the
 * unencrypted PKCS#8 private key (exported from keytool's keystore through {@link KeyStore}). EC P-256 keys, valid two
 * days, leaves naming {@code localhost} and {@code 127.0.0.1}. For clients and servers that take Java keystores (Kafka),
 * {@link #keystore} and {@link #truststore} write the same material as PKCS#12 files.
 */
public final class TestPki {
    private static final String PASS = "test-only";
    /** The password of every keystore this class writes. */
    public static final String PASSWORD = PASS;
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private TestPki() {
    }

    /** A CA: {@code <name>-ca.p12} (its keystore) and {@code <name>-ca.pem} (its certificate). */
    public record Ca(Path keystore, Path cert) {
    }

    /** A leaf: PEM certificate and PEM private key. */
    public record Leaf(Path cert, Path key) {
    }

    public static Ca ca(Path dir, String name) throws IOException, InterruptedException {
        Path ks = dir.resolve(name + "-ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name + " test CA", "-ext", "bc:c", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", PASS);
        Path pem = dir.resolve(name + "-ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ks.toString(), "-storepass", PASS, "-file",
                pem.toString());
        return new Ca(ks, pem);
    }

    /** A leaf certificate for {@code cn} signed by {@code ca}, usable by a server and by a client. */
    public static Leaf leaf(Path dir, Ca ca, String cn) throws IOException, InterruptedException,
            GeneralSecurityException {
        Path ks = dir.resolve(cn + ".p12");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
                "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASS);
        Path csr = dir.resolve(cn + ".csr");
        keytool("-certreq", "-alias", "leaf", "-keystore", ks.toString(), "-storepass", PASS, "-file", csr.toString());
        Path cert = dir.resolve(cn + ".pem");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.keystore().toString(), "-storepass", PASS,
                "-infile", csr.toString(), "-outfile", cert.toString(), "-validity", "2",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth,clientAuth");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ks)) {
            store.load(in, PASS.toCharArray());
        }
        Key key = store.getKey("leaf", PASS.toCharArray());
        Path keyPem = dir.resolve(cn + "-key.pem");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        return new Leaf(cert, keyPem);
    }

    /**
     * A PKCS#12 keystore at {@code out} holding the leaf's private key with its chain (the leaf certificate, then the
     * CA's), under alias {@code leaf} and {@link #PASSWORD}: what a TLS server (or a client presenting a certificate)
     * is given.
     */
    public static Path keystore(Path out, Ca ca, Leaf leaf) throws IOException, GeneralSecurityException {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(Files.readString(leaf.key())
                        .replaceAll("-----[A-Z ]+-----", ""))));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", key, PASS.toCharArray(), new Certificate[]{cert(leaf.cert()), cert(ca.cert())});
        try (var o = Files.newOutputStream(out)) {
            store.store(o, PASS.toCharArray());
        }
        return out;
    }

    /** A PKCS#12 truststore at {@code out} trusting the CA's certificate (alias {@code ca}, {@link #PASSWORD}). */
    public static Path truststore(Path out, Ca ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", cert(ca.cert()));
        try (var o = Files.newOutputStream(out)) {
            store.store(o, PASS.toCharArray());
        }
        return out;
    }

    private static Certificate cert(Path pem) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(KEYTOOL.toString());
        cmd.addAll(List.of(args));
        cmd.add("-noprompt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
        }
    }
}
