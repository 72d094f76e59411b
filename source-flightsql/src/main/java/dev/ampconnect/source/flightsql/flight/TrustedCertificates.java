package dev.ampconnect.source.flightsql.flight;

import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.TlsTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import org.apache.kafka.common.config.ConfigException;

/**
 * The PEM bytes of the certificates a TLS connection trusts, from {@code amp.server.tls.ca.file} and/or
 * {@code amp.server.tls.truststore.path} (Flight's client builder takes PEM only, so a trust store's
 * certificates are re-encoded).
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /** The concatenated PEM of every configured certificate. */
    public static byte[] pem(TlsTrust trust) {
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        if (!trust.caFile().isBlank()) {
            try {
                pem.write(Files.readAllBytes(Path.of(trust.caFile())));
                pem.write('\n');
            } catch (IOException e) {
                throw new ConfigException(AmpSourceConfig.TLS_CA_FILE, trust.caFile(), "cannot read the CA file: " + e);
            }
        }
        if (!trust.trustStorePath().isBlank()) {
            writeTrustStore(trust, pem);
        }
        return pem.toByteArray();
    }

    private static void writeTrustStore(TlsTrust trust, ByteArrayOutputStream pem) {
        try (InputStream in = Files.newInputStream(Path.of(trust.trustStorePath()))) {
            KeyStore store = KeyStore.getInstance(trust.trustStoreType());
            char[] password = trust.trustStorePassword() == null ? null : trust.trustStorePassword().toCharArray();
            store.load(in, password);
            Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
            int written = 0;
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate == null) {
                    continue;
                }
                pem.write("-----BEGIN CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII));
                pem.write(base64.encode(certificate.getEncoded()));
                pem.write("\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII));
                written++;
            }
            if (written == 0) {
                throw new ConfigException(AmpSourceConfig.TLS_TRUSTSTORE_PATH, trust.trustStorePath(),
                        "the trust store holds no certificate");
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(AmpSourceConfig.TLS_TRUSTSTORE_PATH, trust.trustStorePath(),
                    "cannot read the " + trust.trustStoreType() + " trust store: " + e);
        }
    }
}
