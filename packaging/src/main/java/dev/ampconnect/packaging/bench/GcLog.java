package dev.ampconnect.packaging.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's garbage collection log ({@code -Xlog:gc:file=<path>}, JDK unified logging), read from a mark: what a
 * run did to the worker's heap without attaching to it. Each pause line gives the heap before and after it.
 */
public final class GcLog {

    private static final Pattern PAUSE = Pattern.compile(
            "GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");

    private final Path file;

    public GcLog(Path file) {
        this.file = file;
    }

    /** The JVM option that writes this log. */
    public String jvmOption() {
        return "-Xlog:gc:file=" + file.toAbsolutePath();
    }

    /** Where the log ends now: pass it to {@link #since} after the run. */
    public long mark() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the log says about the pauses after {@code mark}. */
    public Summary since(long mark) {
        if (!Files.exists(file)) {
            return Summary.NONE;
        }
        long pauses = 0;
        double pauseMs = 0;
        double peakBeforeMiB = 0;
        double maxAfterMiB = 0;
        double committedMiB = 0;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(Math.min(mark, in.length()));
            byte[] rest = new byte[(int) (in.length() - in.getFilePointer())];
            in.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                pauses++;
                pauseMs += Double.parseDouble(m.group(8));
                peakBeforeMiB = Math.max(peakBeforeMiB, mib(m.group(2), m.group(3)));
                maxAfterMiB = Math.max(maxAfterMiB, mib(m.group(4), m.group(5)));
                committedMiB = Math.max(committedMiB, mib(m.group(6), m.group(7)));
            }
        } catch (IOException e) {
            return Summary.NONE;
        }
        return new Summary(pauses, pauseMs / 1000, peakBeforeMiB, maxAfterMiB, committedMiB);
    }

    private static double mib(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    /**
     * @param pauses        GC pauses
     * @param pauseSeconds  their total duration
     * @param peakMiB       the largest heap in use before a pause (what the JVM needed at most)
     * @param maxAfterMiB   the largest heap in use right after a pause (an upper bound of the live data)
     * @param committedMiB  the largest heap the JVM had committed
     */
    public record Summary(long pauses, double pauseSeconds, double peakMiB, double maxAfterMiB, double committedMiB) {
        static final Summary NONE = new Summary(0, 0, 0, 0, 0);

        /** {@code "peak 512 MiB, after GC <= 200 MiB, 14 pauses 0.12 s"}. */
        public String describe() {
            return pauses == 0 ? "no GC" : String.format(java.util.Locale.ROOT,
                    "peak %.0f MiB, after GC <= %.0f MiB, %d pauses %.2f s", peakMiB, maxAfterMiB, pauses, pauseSeconds);
        }
    }
}
