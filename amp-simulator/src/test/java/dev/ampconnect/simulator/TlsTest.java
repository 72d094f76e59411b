package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a test-generated self-signed certificate, as a source's TLS test would use it. */
class TlsTest {

    @Test
    void aClientTrustingTheGeneratedCertificateStreamsOverTls(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        try (AmpSimulator amp = AmpSimulator.builder().initialHead(5).bearerToken("t")
                .tls(certificate.certificate(), certificate.privateKey()).start();
             InputStream trusted = Files.newInputStream(certificate.certificate());
             SimClient client = SimClient.connectTls(amp, trusted);
             StreamRecorder stream = client.stream("SELECT * FROM anvil.blocks",
                     Map.of("amp-stream", "true", "authorization", "Bearer t"))) {
            assertEquals("grpc+tls", amp.uri().getScheme());
            assertEquals(6, Microbatch.of(stream.awaitWatermarkAt(5)).get(0).rows().size());
        }
    }
}
