package dev.ampconnect.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvironmentOverrideTest {

    private static final EnvironmentOverride OVERRIDE = new EnvironmentOverride("AMP_TEST_SELFTEST_URL");

    @AfterEach
    void clearProperty() {
        System.clearProperty(OVERRIDE.systemProperty());
    }

    @Test
    void systemPropertyIsTheLowerCaseDottedVariableName() {
        assertEquals("amp.test.selftest.url", OVERRIDE.systemProperty());
    }

    @Test
    void unsetAndBlankMeanNoOverride() {
        assertEquals(Optional.empty(), OVERRIDE.value());
        System.setProperty(OVERRIDE.systemProperty(), "  ");
        assertEquals(Optional.empty(), OVERRIDE.value());
        assertEquals("fallback", OVERRIDE.valueOr("fallback"));
    }

    @Test
    void systemPropertyValueIsTrimmed() {
        System.setProperty(OVERRIDE.systemProperty(), " redis://h:1/2 ");
        assertEquals(Optional.of("redis://h:1/2"), OVERRIDE.value());
    }
}
