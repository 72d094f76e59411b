package dev.ampconnect.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for {@code localhost}/{@code 127.0.0.1}, made with the JDK's own
 * {@code keytool} (no extra dependency) and written as PEM files: the certificate (also what a client
 * trusts) and the unencrypted PKCS#8 private key, ready for {@link AmpSimulator.Builder#tls}.
 *
 * @param certificate PEM certificate chain
 * @param privateKey  PEM PKCS#8 private key
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

    private static final String PASSWORD = "amp-simulator";

    /** Generates a certificate valid for two days into {@code directory}. */
    public static SelfSignedCertificate generate(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path keystore = directory.resolve("amp-simulator.p12");
        Files.deleteIfExists(keystore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "amp-simulator",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed to create a self-signed certificate: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Key key = store.getKey("amp-simulator", PASSWORD.toCharArray());
            Certificate certificate = store.getCertificate("amp-simulator");
            Path certificatePem = directory.resolve("amp-simulator.crt");
            Path keyPem = directory.resolve("amp-simulator.key");
            Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
            return new SelfSignedCertificate(certificatePem, keyPem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the keystore keytool wrote at " + keystore, e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
