package dev.ampconnect.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The standalone process's command line: {@code --name value} flags onto an {@link AmpSimulator.Builder}.
 * Durations are written {@code 500ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT0.5S}).
 */
final class MainArgs {

    static final String USAGE = """
            usage: AmpSimulatorMain [flags]
              --host HOST                    interface to bind (default localhost; 0.0.0.0 for all)
              --port N                       port (default 1602, ampd's; 0 = any free port)
              --network ID                   network id (default anvil)
              --seed N                       seed of hashes and rows (default 1)
              --token TOKEN                  require 'authorization: Bearer TOKEN'
              --tls-cert FILE --tls-key FILE serve TLS (PEM chain, PEM PKCS#8 key)
              --initial-head N               blocks 0..N exist at start (default 0)
              --block-interval DURATION      mine a block every DURATION (default 1s; 0 = never)
              --block-time-seconds N         seconds between block timestamps (default 12)
              --transactions-per-block N     (default 4)
              --logs-per-transaction N       (default 2)
              --reorg-every N                reorg whenever the head reaches a multiple of N
              --reorg-depth D                depth of --reorg-every reorgs (default 3)
              --reorg-at HEAD:DEPTH          one reorg when the head reaches HEAD (repeatable)
              --max-blocks-per-microbatch N  (default 1000)
              --max-piece-bytes N            (default 2097152)
              --max-piece-rows N             (default 8192)
              --keep-alive DURATION          keep-alive period (default 30s; 0 = only at microbatch start)
              --compute-time DURATION        time a microbatch takes to compute (default 0)
              --help
            """;

    private MainArgs() {
    }

    /** The builder {@code args} describe; throws {@link IllegalArgumentException} naming the bad flag. */
    static AmpSimulator.Builder parse(String... args) {
        AmpSimulator.Builder builder = AmpSimulator.builder().port(1602).blockInterval(Duration.ofSeconds(1));
        Long reorgEvery = null;
        int reorgDepth = 3;
        String tlsCert = null;
        String tlsKey = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("flag " + flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> builder.host(value);
                case "--port" -> builder.port(integer(flag, value));
                case "--network" -> builder.network(value);
                case "--seed" -> builder.seed(number(flag, value));
                case "--token" -> builder.bearerToken(value);
                case "--tls-cert" -> tlsCert = value;
                case "--tls-key" -> tlsKey = value;
                case "--initial-head" -> builder.initialHead(number(flag, value));
                case "--block-interval" -> builder.blockInterval(duration(flag, value));
                case "--block-time-seconds" -> builder.blockTimeSeconds(number(flag, value));
                case "--transactions-per-block" -> builder.transactionsPerBlock(integer(flag, value));
                case "--logs-per-transaction" -> builder.logsPerTransaction(integer(flag, value));
                case "--reorg-every" -> reorgEvery = number(flag, value);
                case "--reorg-depth" -> reorgDepth = integer(flag, value);
                case "--reorg-at" -> {
                    String[] parts = value.split(":");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("--reorg-at expects HEAD:DEPTH, got '" + value + "'");
                    }
                    builder.scheduleReorg(number(flag, parts[0]), integer(flag, parts[1]));
                }
                case "--max-blocks-per-microbatch" -> builder.maxBlocksPerMicrobatch(integer(flag, value));
                case "--max-piece-bytes" -> builder.maxPieceBytes(number(flag, value));
                case "--max-piece-rows" -> builder.maxPieceRows(integer(flag, value));
                case "--keep-alive" -> builder.keepAliveInterval(duration(flag, value));
                case "--compute-time" -> builder.microbatchComputeTime(duration(flag, value));
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (reorgEvery != null) {
            builder.reorgEvery(reorgEvery, reorgDepth);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (tlsCert != null) {
            builder.tls(Path.of(tlsCert), Path.of(tlsKey));
        }
        return builder;
    }

    /** Parses {@code 250ms}, {@code 2s}, {@code 1m}, {@code 0} or ISO-8601. */
    static Duration duration(String flag, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            if (text.startsWith("pt")) {
                return Duration.parse(value.trim());
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " expects a duration like 500ms, 2s, 1m or PT0.5S, got '" + value + "'");
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects an integer, got '" + value + "'");
        }
    }

    private static int integer(String flag, String value) {
        long number = number(flag, value);
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(flag + " is out of range: " + value);
        }
        return (int) number;
    }

    /** {@code --help} was given. */
    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested", null, false, false);
        }
    }
}
