package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.rest.ConnectorStatus;
import dev.ampconnect.testsupport.postgres.PostgresServer;
import dev.ampconnect.testsupport.postgres.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL stops for {@value #OUTAGE_SECONDS} s in the middle of a live, reorging stream and starts again on
 * the same port with the same data. The PostgreSQL sinks ride it out on their retry budget (every attempt after
 * its backoff, {@code max.retries}/{@code retry.backoff.ms} sized for the outage), nobody restarts anything, and
 * afterwards every task is RUNNING and PostgreSQL (and Redis, which never noticed) equal the canonical chain.
 */
class DatabaseOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageIT.class);
    static final int OUTAGE_SECONDS = 30;
    /** Retry attempts every 0.5, 1, 2, 4, 4, ... s: 20 of them last ~70 s, over twice the outage. */
    private static final Map<String, String> RETRIES = Map.of("max.retries", "20", "retry.backoff.ms", "500",
            "retry.backoff.max.ms", "4000");
    private static final List<String> PG_SINKS = List.of(PipelineConnectors.PG_ROWS, PipelineConnectors.PG_ARROW);

    private static RestartablePostgres postgres;

    @RegisterExtension
    static final PipelineExtension pipeline = CrashSettings.pipeline(PipelineExtension.builder()
                    .postgres(DatabaseOutageIT::startPostgres))
            .build();

    /** A server of this class's own, outside the class's work directory (which the pipeline empties at start). */
    private static PostgresServer startPostgres() {
        try {
            postgres = RestartablePostgres.start(Files.createTempDirectory("amp-database-outage-pg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return postgres.server();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void sinksRideOutAThirtySecondDatabaseOutageWithNothingLostOrDuplicated() {
        PipelineConnectors connectors = PipelineConnectors.deployAll(pipeline, config -> {
            config.putAll(RETRIES);
            return config;
        });
        Duration timeout = CrashSettings.TIMEOUT;
        connectors.awaitSinksAtHead(timeout);
        var chain = pipeline.amp().chain();
        chain.reorgEvery(WorkerKillScenario.REORG_EVERY, WorkerKillScenario.REORG_DEPTH);
        long headBeforeOutage;
        long headAfterOutage;
        try (ChainMiner miner = ChainMiner.start(chain, Duration.ofMillis(WorkerKillScenario.BLOCK_INTERVAL_MS))) {
            long from = chain.head();
            Await.until("the sinks storing blocks past " + from + " before the outage", timeout,
                    () -> chain.head() >= from + 5 && pipeline.truth().postgresAtHead(PipelineConnectors.PG_ROWS,
                            PipelineStream.TRANSACTIONS), connectors::failure);

            headBeforeOutage = chain.head();
            postgres.stop();
            long stoppedAt = System.nanoTime();
            // the outage itself: the chain grows and reorgs on; a sink giving up fails the wait at once
            Await.until("a " + OUTAGE_SECONDS + " s database outage survived by every task",
                    Duration.ofSeconds(OUTAGE_SECONDS + 30),
                    () -> System.nanoTime() - stoppedAt >= Duration.ofSeconds(OUTAGE_SECONDS).toNanos(),
                    connectors::failure);
            postgres.start();
            headAfterOutage = chain.head();
            LOG.info("PostgreSQL was down {} ms while the head went from {} to {}",
                    (System.nanoTime() - stoppedAt) / 1_000_000, headBeforeOutage, headAfterOutage);

            long resumed = chain.head();
            Await.until("the PostgreSQL sinks at the head again, past block " + (resumed + 5), timeout,
                    () -> chain.head() >= resumed + 5 && pipeline.truth().postgresAtHead(PipelineConnectors.PG_ROWS,
                            PipelineStream.TRANSACTIONS), connectors::failure);
        }
        long catchUpFrom = System.nanoTime();
        connectors.awaitSinksAtHead(timeout);
        connectors.awaitMatchesCanonicalChain(timeout);

        for (String sink : PG_SINKS) {
            ConnectorStatus status = pipeline.rest().status(sink);
            assertTrue(status.isRunningWith(1), sink + " must run on after the outage: " + status);
        }
        String workerLog = workerLog();
        long failedAttempts = workerLog.lines().filter(l -> l.contains("Store unavailable (attempt")).count();
        assertTrue(failedAttempts >= 2, "the PostgreSQL sinks must have retried through the outage; the worker log has "
                + failedAttempts + " failed store attempts");
        assertEquals(0, workerLog.lines().filter(l -> l.contains("times in a row (max.retries=")).count(),
                "a sink spent its retry budget");
        assertEquals(0, workerLog.lines().filter(l -> l.contains("RetriableException from SinkTask")).count(),
                "the sinks keep their failed unit and pause: the worker never logs a redelivery");
        assertEquals(List.of(), laterAttemptsWithAStackTrace(workerLog),
                "one WARN line per backoff step; only the first failure of an outage carries a stack trace");
        LOG.info("crash run: DatabaseOutageIT: {} s outage, head {} -> {} during it, {} failed store attempts retried,"
                        + " {} reorgs in all, final head {}, canonical rows: transactions={} blocks={}, final catch-up {} ms",
                OUTAGE_SECONDS, headBeforeOutage, headAfterOutage, failedAttempts, chain.reorgs().size(), chain.head(),
                pipeline.amp().canonicalRows(PipelineStream.TRANSACTIONS.table()).size(),
                pipeline.amp().canonicalRows(PipelineStream.BLOCKS.table()).size(),
                (System.nanoTime() - catchUpFrom) / 1_000_000);
    }

    /** Backoff WARNs after the first attempt that are followed by a stack trace. */
    private static List<String> laterAttemptsWithAStackTrace(String log) {
        List<String> lines = log.lines().toList();
        List<String> noisy = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("Store unavailable (attempt ") && !line.contains("Store unavailable (attempt 1 of")) {
                String next = lines.get(i + 1);
                if (next.startsWith("\tat ") || next.contains("Exception:")) {
                    noisy.add(line);
                }
            }
        }
        return noisy;
    }

    private static String workerLog() {
        try {
            return Files.readString(pipeline.cluster().worker(0).logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
