package dev.ampconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standalone process's flags configure the same builder tests use. */
class MainArgsTest {

    @Test
    void flagsConfigureTheSimulator() throws Exception {
        try (AmpSimulator amp = MainArgs.parse("--port", "0", "--network", "base-sepolia", "--initial-head", "20",
                "--block-interval", "0", "--token", "t", "--transactions-per-block", "2", "--reorg-at", "22:3",
                "--reorg-every", "100", "--reorg-depth", "2", "--keep-alive", "250ms", "--compute-time", "0").start();
             SimClient client = SimClient.connect(amp)) {
            assertEquals("base-sepolia", amp.network());
            assertEquals(20, amp.chain().head());
            assertEquals(42, client.readAll("SELECT * FROM base_sepolia.transactions",
                    Map.of("authorization", "Bearer t")).stream().mapToInt(ReceivedBatch::rowCount).sum());
            amp.chain().mine(2);
            assertEquals(20, amp.chain().reorgs().get(0).firstReplacedBlock(), "--reorg-at 22:3");
        }
    }

    @Test
    void durationsTakeUnitsOrIso() {
        assertEquals(Duration.ofMillis(250), MainArgs.duration("--x", "250ms"));
        assertEquals(Duration.ofSeconds(2), MainArgs.duration("--x", "2s"));
        assertEquals(Duration.ofMinutes(1), MainArgs.duration("--x", "1m"));
        assertEquals(Duration.ofMillis(500), MainArgs.duration("--x", "PT0.5S"));
        assertEquals(Duration.ZERO, MainArgs.duration("--x", "0"));
        assertThrows(IllegalArgumentException.class, () -> MainArgs.duration("--x", "5"));
    }

    @Test
    void badFlagsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MainArgs.parse("--bogus", "1")).getMessage()
                .contains("--bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MainArgs.parse("--port")).getMessage()
                .contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MainArgs.parse("--reorg-at", "5")).getMessage()
                .contains("HEAD:DEPTH"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MainArgs.parse("--tls-cert", "a")).getMessage()
                .contains("go together"));
        assertThrows(MainArgs.HelpRequested.class, () -> MainArgs.parse("--help"));
    }
}
