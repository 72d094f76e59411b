package dev.ampconnect.packaging.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's knobs, from command-line flags ({@code ./demo.sh --duration 60s --reorg-every 10}).
 *
 * @param duration      stop by itself after this long (empty: run until Ctrl-C)
 * @param blockInterval the simulator mines one block per interval
 * @param initialHead   blocks {@code 0..initialHead} exist when the demo starts (the backfill)
 * @param reorgEvery    a reorg whenever the head reaches a multiple of this many blocks
 * @param reorgDepth    blocks each reorg replaces
 * @param progressEvery how often a progress line is printed
 * @param redis         also run the Redis sink when {@code redis-server} is on PATH
 * @param clickHouse    also run the ClickHouse sink when a ClickHouse is at hand ({@link DemoClickHouse})
 * @param iceberg       run the Iceberg sink into a local lake ({@link DemoIceberg})
 */
public record DemoOptions(Optional<Duration> duration, Duration blockInterval, long initialHead, long reorgEvery,
                          int reorgDepth, Duration progressEvery, boolean redis, boolean clickHouse, boolean iceberg) {

    static final String USAGE = """
            usage: ./demo.sh [--duration 60s] [--block-interval 1s] [--initial-head 200]
                             [--reorg-every 10] [--reorg-depth 3] [--progress-every 2s]
                             [--no-redis] [--no-clickhouse] [--no-iceberg]
              --duration        stop by itself after this long (default: run until Ctrl-C)
              --block-interval  the simulator mines one block per interval (default 1s)
              --initial-head    blocks 0..N exist at start, streamed as a backfill (default 200)
              --reorg-every     a reorg whenever the head reaches a multiple of N blocks (default 10)
              --reorg-depth     blocks each reorg replaces (default 3)
              --progress-every  how often progress is printed (default 2s)
              --no-redis        no Redis sink even if redis-server is on PATH
              --no-clickhouse   no ClickHouse sink even if a ClickHouse is at hand (AMP_TEST_CLICKHOUSE_URL,
                                or chdb installed by the ClickHouse tests)
              --no-iceberg      no Iceberg sink (default: one, into a local Iceberg lake)
            durations: 500ms, 2s, 1m""";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /**
     * The defaults: a block a second, a 3-block reorg every 10 blocks, progress every 2 s, until Ctrl-C; every sink
     * whose store is at hand.
     */
    public static DemoOptions defaults() {
        return new DemoOptions(Optional.empty(), Duration.ofSeconds(1), 200, 10, 3, Duration.ofSeconds(2), true, true,
                true);
    }

    /**
     * Parses {@code --flag value} pairs over {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the flag, for an unknown flag or a malformed value
     */
    public static DemoOptions parse(String... args) {
        DemoOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (flag.equals("--no-redis") || flag.equals("--no-clickhouse") || flag.equals("--no-iceberg")) {
                o = new DemoOptions(o.duration, o.blockInterval, o.initialHead, o.reorgEvery, o.reorgDepth,
                        o.progressEvery, o.redis && !flag.equals("--no-redis"),
                        o.clickHouse && !flag.equals("--no-clickhouse"), o.iceberg && !flag.equals("--no-iceberg"));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            o = switch (flag) {
                case "--duration" -> o.withDuration(Optional.of(duration(flag, value)));
                case "--block-interval" -> new DemoOptions(o.duration, duration(flag, value), o.initialHead,
                        o.reorgEvery, o.reorgDepth, o.progressEvery, o.redis, o.clickHouse, o.iceberg);
                case "--initial-head" -> new DemoOptions(o.duration, o.blockInterval, number(flag, value, 0),
                        o.reorgEvery, o.reorgDepth, o.progressEvery, o.redis, o.clickHouse, o.iceberg);
                case "--reorg-every" -> new DemoOptions(o.duration, o.blockInterval, o.initialHead,
                        number(flag, value, 2), o.reorgDepth, o.progressEvery, o.redis, o.clickHouse, o.iceberg);
                case "--reorg-depth" -> new DemoOptions(o.duration, o.blockInterval, o.initialHead, o.reorgEvery,
                        (int) number(flag, value, 1), o.progressEvery, o.redis, o.clickHouse, o.iceberg);
                case "--progress-every" -> new DemoOptions(o.duration, o.blockInterval, o.initialHead,
                        o.reorgEvery, o.reorgDepth, duration(flag, value), o.redis, o.clickHouse, o.iceberg);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            };
        }
        if (o.reorgDepth >= o.reorgEvery) {
            throw new IllegalArgumentException("--reorg-depth (" + o.reorgDepth + ") must be below --reorg-every ("
                    + o.reorgEvery + "), or reorgs would overlap");
        }
        return o;
    }

    /** The same options with another {@link #duration()}. */
    public DemoOptions withDuration(Optional<Duration> newDuration) {
        return new DemoOptions(newDuration, blockInterval, initialHead, reorgEvery, reorgDepth, progressEvery, redis,
                clickHouse, iceberg);
    }

    private static Duration duration(String flag, String value) {
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(flag + " " + value + ": expected a positive duration such as 500ms, "
                    + "2s, 1m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static long number(String flag, String value, long min) {
        try {
            long n = Long.parseLong(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " " + value + ": expected an integer >= " + min);
    }
}
