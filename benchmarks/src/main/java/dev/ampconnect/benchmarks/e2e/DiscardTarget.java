package dev.ampconnect.benchmarks.e2e;

import dev.ampconnect.packaging.bench.SinkTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** The {@link DiscardingSinkConnector} as a run's target: it "shows" the head once its done file exists. */
final class DiscardTarget implements SinkTarget {

    private final Path doneFile;
    private final long head;

    DiscardTarget(Path doneFile, long head) {
        this.doneFile = doneFile;
        this.head = head;
        try {
            Files.deleteIfExists(doneFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "discard";
    }

    @Override
    public Map<String, String> sinkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("connector.class", DiscardingSinkConnector.class.getName());
        settings.put(DiscardingSinkConnector.DONE_FILE, doneFile.toAbsolutePath().toString());
        settings.put(DiscardingSinkConnector.HEAD_BLOCK, Long.toString(head));
        return settings;
    }

    @Override
    public OptionalLong visibleHead(String connector, String table) {
        return Files.exists(doneFile) ? OptionalLong.of(head) : OptionalLong.empty();
    }

    @Override
    public long rows(String table) {
        return 0;
    }

    @Override
    public void drop(String connector, String table) {
    }

    @Override
    public OptionalLong serverPid() {
        return OptionalLong.empty();
    }
}
