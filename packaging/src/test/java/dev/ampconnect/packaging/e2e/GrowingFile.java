package dev.ampconnect.packaging.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * A text file that a background thread keeps appending numbered lines to ({@code line-000000},
 * {@code line-000001}, ...), flushed line by line, like a log a FileStream source tails: it keeps growing
 * while workers are killed and restarted.
 */
final class GrowingFile implements AutoCloseable {

    private final Path file;
    private final long pauseNanos;
    private final AtomicInteger written = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread writer;

    private GrowingFile(Path file, int linesPerSecond) {
        this.file = file;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / linesPerSecond;
        this.writer = new Thread(this::appendUntilStopped, "append-" + file.getFileName());
    }

    /** Creates {@code file} and starts appending about {@code linesPerSecond} lines per second. */
    static GrowingFile start(Path file, int linesPerSecond) {
        GrowingFile growing = new GrowingFile(file, linesPerSecond);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        growing.writer.setDaemon(true);
        growing.writer.start();
        return growing;
    }

    /** The text of line {@code n}. */
    static String line(int n) {
        return String.format("line-%06d", n);
    }

    private void appendUntilStopped() {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            while (running) {
                out.write(line(written.get()));
                out.newLine();
                out.flush();
                written.incrementAndGet();
                LockSupport.parkNanos(pauseNanos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** The file. */
    Path path() {
        return file;
    }

    /** How many lines are in the file so far. */
    int linesWritten() {
        return written.get();
    }

    /** Stops appending and returns every line the file holds, in order. */
    List<String> stop() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted stopping the writer of " + file, e);
        }
        return IntStream.range(0, written.get()).mapToObj(GrowingFile::line).toList();
    }

    @Override
    public void close() {
        running = false;
    }
}
