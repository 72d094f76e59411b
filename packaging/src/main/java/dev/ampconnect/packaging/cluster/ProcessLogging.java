package dev.ampconnect.packaging.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The logging configuration of a broker or worker process: INFO to stdout (which {@link ChildJvm} appends to
 * the process's log file), chatty framework loggers at WARN. Kafka 4.x reads a log4j 2 file, 3.x a log4j 1.2
 * (reload4j) file, so the file and the system property naming it depend on the runtime.
 */
final class ProcessLogging {

    private static final String LOG4J2 = """
            status = warn
            appender.out.type = Console
            appender.out.name = out
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [%d{ISO8601}] %p %m (%c{1})%n
            rootLogger.level = INFO
            rootLogger.appenderRef.out.ref = out
            logger.jetty.name = org.eclipse.jetty
            logger.jetty.level = WARN
            logger.reflections.name = org.reflections
            logger.reflections.level = ERROR
            logger.clients.name = org.apache.kafka.clients
            logger.clients.level = WARN
            logger.config.name = org.apache.kafka.common.config.AbstractConfig
            logger.config.level = WARN
            """;

    private static final String LOG4J1 = """
            log4j.rootLogger=INFO, out
            log4j.appender.out=org.apache.log4j.ConsoleAppender
            log4j.appender.out.layout=org.apache.log4j.PatternLayout
            log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c{1})%n
            log4j.logger.org.eclipse.jetty=WARN
            log4j.logger.org.reflections=ERROR
            log4j.logger.org.apache.kafka.clients=WARN
            log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN
            """;

    private ProcessLogging() {
    }

    /** Writes the configuration into {@code dir} and returns the JVM options that make the process use it. */
    static List<String> jvmOptions(KafkaRuntime runtime, Path dir) {
        try {
            Files.createDirectories(dir);
            if (runtime.logsThroughLog4j2()) {
                Path file = Files.writeString(dir.resolve("log4j2.properties"), LOG4J2, StandardCharsets.UTF_8);
                return List.of("-Dlog4j2.configurationFile=" + file.toAbsolutePath());
            }
            Path file = Files.writeString(dir.resolve("log4j.properties"), LOG4J1, StandardCharsets.UTF_8);
            return List.of("-Dlog4j.configuration=" + file.toAbsolutePath().toUri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the logging configuration into " + dir, e);
        }
    }
}
