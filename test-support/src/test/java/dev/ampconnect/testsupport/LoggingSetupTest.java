package dev.ampconnect.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Kafka logs through slf4j; if no slf4j 2 provider binds to log4j, all test logging silently stops. */
class LoggingSetupTest {

    @Test
    void slf4jIsBoundToLog4j() {
        assertEquals("org.apache.logging.slf4j.Log4jLoggerFactory",
                LoggerFactory.getILoggerFactory().getClass().getName());
    }

    @Test
    void testSupportsQuietConfigurationIsTheOneInEffect() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        String source = context.getConfiguration().getConfigurationSource().getLocation();

        assertTrue(source.endsWith("log4j2-test.xml"), source);
    }

    @Test
    void ourLoggersSayInfoWhileKafkaOnlyWarns() {
        assertTrue(LoggerFactory.getLogger("dev.ampconnect.sink.Anything").isInfoEnabled());
        assertFalse(LoggerFactory.getLogger("org.apache.kafka.connect.runtime.Worker").isInfoEnabled());
        assertTrue(LoggerFactory.getLogger("org.apache.kafka.connect.runtime.Worker").isWarnEnabled());
        assertFalse(LoggerFactory.getLogger("kafka.server.BrokerServer").isInfoEnabled());
    }
}
