package dev.ampconnect.packaging.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void withoutFlagsTheDemoRunsUntilStoppedWithABlockASecondAndARegularReorg() {
        DemoOptions o = DemoOptions.parse();
        assertEquals(Optional.empty(), o.duration());
        assertEquals(Duration.ofSeconds(1), o.blockInterval());
        assertEquals(10, o.reorgEvery());
        assertEquals(3, o.reorgDepth());
        assertTrue(o.redis());
        assertTrue(o.clickHouse());
        assertTrue(o.iceberg());
    }

    @Test
    void flagsOverrideTheDefaults() {
        DemoOptions o = DemoOptions.parse("--duration", "60s", "--block-interval", "500ms", "--reorg-every", "5",
                "--reorg-depth", "2", "--initial-head", "0", "--progress-every", "1m", "--no-redis", "--no-iceberg");
        assertEquals(Optional.of(Duration.ofSeconds(60)), o.duration());
        assertEquals(Duration.ofMillis(500), o.blockInterval());
        assertEquals(5, o.reorgEvery());
        assertEquals(2, o.reorgDepth());
        assertEquals(0, o.initialHead());
        assertEquals(Duration.ofMinutes(1), o.progressEvery());
        assertFalse(o.redis());
        assertFalse(o.iceberg());
        assertTrue(o.clickHouse(), "one --no-* flag turns off only its own sink");
        assertFalse(DemoOptions.parse("--no-clickhouse").clickHouse());
    }

    @Test
    void badFlagsAreNamedInTheError() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--duration", "soon"))
                .getMessage().startsWith("--duration soon"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--speed", "3"))
                .getMessage().startsWith("unknown flag --speed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--reorg-every"))
                .getMessage().startsWith("--reorg-every needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DemoOptions.parse("--reorg-every", "4", "--reorg-depth", "4")).getMessage().contains("overlap"));
    }
}
