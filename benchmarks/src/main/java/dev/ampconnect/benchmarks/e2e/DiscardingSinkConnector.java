package dev.ampconnect.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink that receives everything and keeps nothing, run in the benchmark's real worker (installed into
 * plugin.path): with the same converter as the amp sink, it measures what the worker itself (consumer, converter,
 * task loop) delivers, the ceiling of any sink in that record path. It looks only at watermark headers, and when
 * the watermark of block {@code discard.head.block} arrives it writes the wall-clock time to
 * {@code discard.done.file}, which is how the benchmark (another process) sees it finish.
 */
public final class DiscardingSinkConnector extends SinkConnector {

    static final String DONE_FILE = "discard.done.file";
    static final String HEAD_BLOCK = "discard.head.block";

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> connectorProps) {
        this.props = connectorProps;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DiscardingTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define(DONE_FILE, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Written when the head's watermark arrives.")
                .define(HEAD_BLOCK, ConfigDef.Type.LONG, ConfigDef.Importance.HIGH, "The block whose watermark ends the run.");
    }

    @Override
    public String version() {
        return "bench";
    }

    /** Counts records; writes the done file at the head's watermark. */
    public static final class DiscardingTask extends SinkTask {
        private Path doneFile;
        private String headEnd;
        private long records;
        private boolean done;

        @Override
        public void start(Map<String, String> taskProps) {
            doneFile = Path.of(taskProps.get(DONE_FILE));
            headEnd = "\"end\":" + Long.parseLong(taskProps.get(HEAD_BLOCK)) + ",";
        }

        @Override
        public void put(Collection<SinkRecord> batch) {
            records += batch.size();
            if (done) {
                return;
            }
            for (SinkRecord record : batch) {
                Header kind = record.headers().lastWithName("amp.kind");
                if (kind == null || !"watermark".equals(String.valueOf(kind.value()))) {
                    continue;
                }
                Header ranges = record.headers().lastWithName("amp.ranges");
                if (ranges != null && String.valueOf(ranges.value()).replace(" ", "").contains(headEnd)) {
                    done = true;
                    write(System.currentTimeMillis() + " " + records);
                    return;
                }
            }
        }

        private void write(String content) {
            try {
                Path temp = doneFile.resolveSibling(doneFile.getFileName() + ".tmp");
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                Files.move(temp, doneFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + doneFile, e);
            }
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "bench";
        }
    }
}
