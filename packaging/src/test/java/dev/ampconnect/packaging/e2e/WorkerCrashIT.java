package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.cluster.ConnectWorkerProcess;
import dev.ampconnect.packaging.rest.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two real worker processes in one Connect group, killed with SIGKILL while a FileStream source tails a file
 * that keeps growing: the harness's crash machinery (kill -9, restart, fast reassignment) proven on a plugin
 * with at-least-once semantics, where the guarantee is "no line lost; some re-sent".
 */
class WorkerCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCrashIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int LINES_PER_SECOND = 200;

    @RegisterExtension
    static final KafkaConnectExtension kafka = KafkaConnectExtension.builder()
            .workers(2)
            .plugins(FileStreamConnectors::install)
            .build();

    @Test
    void tasksOfAKilledWorkerMoveToTheOtherWorkerAndNoLineIsLost() {
        try (GrowingFile file = GrowingFile.start(kafka.workDir().resolve("migrate.txt"), LINES_PER_SECOND);
             TopicReader topic = new TopicReader(kafka.broker().bootstrapServers(), "migrate-lines")) {
            kafka.rest().createConnector("migrate", FileStreamConnectors.sourceConfig(file.path(), "migrate-lines"));
            String victimId = kafka.cluster().awaitRunning("migrate", 1, TIMEOUT).tasks().get(0).workerId();
            topic.awaitAtLeast(200, TIMEOUT);
            ConnectWorkerProcess victim = kafka.cluster().workerWithId(victimId).orElseThrow();

            victim.kill9();
            TaskStatus moved = Await.value("task migrate-0 running on the surviving worker", TIMEOUT, () -> {
                TaskStatus task = kafka.rest().status("migrate").tasks().get(0);
                return task.isRunning() && !task.workerId().equals(victimId) ? Optional.of(task) : Optional.empty();
            });
            int writtenBeforeRestart = file.linesWritten();
            victim.restart();
            topic.awaitValues("lines written after the kill", TIMEOUT,
                    values -> values.contains(GrowingFile.line(writtenBeforeRestart)));
            List<String> written = file.stop();

            List<String> read = topic.awaitValues("all " + written.size() + " lines", TIMEOUT,
                    values -> new HashSet<>(values).containsAll(written));
            assertNotEquals(victimId, moved.workerId());
            assertEveryLineArrivedInOrder(written, read);
        }
    }

    @Test
    void aClusterKilledAndRestartedResumesFromItsCommittedOffsetNotFromTheStart() {
        try (GrowingFile file = GrowingFile.start(kafka.workDir().resolve("outage.txt"), LINES_PER_SECOND);
             TopicReader topic = new TopicReader(kafka.broker().bootstrapServers(), "outage-lines")) {
            kafka.rest().createConnector("outage", FileStreamConnectors.sourceConfig(file.path(), "outage-lines"));
            kafka.cluster().awaitRunning("outage", 1, TIMEOUT);
            topic.awaitAtLeast(600, TIMEOUT);

            kafka.cluster().workers().forEach(ConnectWorkerProcess::kill9);
            int writtenWhileDown = file.linesWritten();
            kafka.cluster().workers().forEach(ConnectWorkerProcess::restart);
            kafka.cluster().awaitRunning("outage", 1, TIMEOUT);
            List<String> written = file.stop();

            List<String> read = topic.awaitValues("all " + written.size() + " lines", TIMEOUT,
                    values -> new HashSet<>(values).containsAll(written));
            assertTrue(written.size() > writtenWhileDown, "the file must have grown across the outage");
            assertEveryLineArrivedInOrder(written, read);
            assertEquals(1, read.stream().filter(GrowingFile.line(0)::equals).count(),
                    "the restarted task re-read the file from its start instead of its committed offset");
        }
    }

    /**
     * At-least-once: every line arrives; a crash may re-send the lines after the last committed offset, so the
     * topic is the file with some stretches repeated, each repeat restarting at an earlier line.
     */
    private static void assertEveryLineArrivedInOrder(List<String> written, List<String> read) {
        List<String> firstOccurrences = read.stream().distinct().toList();
        assertEquals(written, firstOccurrences.subList(0, written.size()),
                "lines lost or reordered: the first occurrences in the topic must be the file's lines in order");
        LOG.info("{} lines written, {} records read, {} re-sent after the crash", written.size(), read.size(),
                read.size() - firstOccurrences.size());
    }
}
