package dev.ampconnect.source.flightsql.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.source.flightsql.config.ReconnectBackoff;
import org.junit.jupiter.api.Test;

class ReconnectAttemptsTest {

    private final ReconnectAttempts attempts = new ReconnectAttempts(new ReconnectBackoff(100, 1_000, 4));

    @Test
    void transientErrorsBackOffUntilTheLimitAndAnAnsweringServerStartsTheCountAgain() {
        assertEquals(1, attempts.afterTransientError(false));
        assertEquals(100, attempts.transientDelayMs());
        assertEquals(2, attempts.afterTransientError(false));
        assertEquals(200, attempts.transientDelayMs());
        assertEquals(1, attempts.afterTransientError(true), "the server answered in between");
        attempts.afterTransientError(false);
        attempts.afterTransientError(false);
        assertTrue(attempts.allowed());
        assertEquals(4, attempts.afterTransientError(false));
        assertFalse(attempts.allowed(), "reconnect.max.attempts=4 failures in a row");
    }

    @Test
    void aReorgAfterProgressReconnectsAtOnceButRepeatedOnesBackOffAndCount() {
        assertEquals(1, attempts.afterReorg(true));
        assertEquals(0, attempts.reorgDelayMs(), "the normal recovery at the head is not delayed");
        assertEquals(2, attempts.afterReorg(false));
        assertEquals(100, attempts.reorgDelayMs());
        assertEquals(3, attempts.afterReorg(false));
        assertEquals(200, attempts.reorgDelayMs());
        assertEquals(4, attempts.afterReorg(false));
        assertFalse(attempts.allowed(), "reorg reconnects without progress count as attempts");
        assertEquals(1, attempts.afterReorg(true), "progress starts the count again");
        assertTrue(attempts.allowed());
    }
}
