package dev.ampconnect.packaging.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a crash test kills its worker: {@code amp.e2e.kills} kills (default {@value #DEFAULT_KILLS}; the soak run,
 * {@code packaging/soak.sh}, asks for 20 or more), each after a random number of newly mined blocks, some with a
 * reorg while the worker is down. Drawn from a seeded {@link Random}: {@code amp.e2e.seed} replays a run, and the
 * seed is logged so a failure can be replayed.
 */
final class KillSchedule {

    /** System property: how many kills. */
    static final String KILLS_PROPERTY = "amp.e2e.kills";
    /** System property: the seed (default: the clock). */
    static final String SEED_PROPERTY = "amp.e2e.seed";
    static final int DEFAULT_KILLS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(KillSchedule.class);
    /** At most this many blocks mined between a restart and the next kill (0: kill as soon as tasks run again). */
    private static final int MAX_BLOCKS_BEFORE_KILL = 12;
    /** One kill in this many (and at least one per run) is followed by a reorg while the worker is down. */
    private static final int REORG_WHILE_DOWN_ONE_IN = 3;
    private static final int MAX_REORG_DEPTH_WHILE_DOWN = 6;

    /**
     * One kill.
     *
     * @param number                1-based
     * @param blocksBeforeKill      how many blocks the chain grows after the tasks run again before the kill
     * @param reorgDepthWhileDown   the depth of a reorg made while the worker is down, or 0 for none
     */
    record Kill(int number, int blocksBeforeKill, int reorgDepthWhileDown) {
        boolean reorgsWhileDown() {
            return reorgDepthWhileDown > 0;
        }
    }

    private final long seed;
    private final List<Kill> kills;

    private KillSchedule(long seed, List<Kill> kills) {
        this.seed = seed;
        this.kills = List.copyOf(kills);
    }

    /** The schedule the system properties ask for, logged with its seed. */
    static KillSchedule fromSystemProperties(String test) {
        int count = Integer.getInteger(KILLS_PROPERTY, DEFAULT_KILLS);
        long seed = Long.getLong(SEED_PROPERTY, System.currentTimeMillis());
        KillSchedule schedule = of(seed, count);
        LOG.info("{}: {} kills with seed {} (replay: -D{}={} -D{}={}): {}", test, count, seed, SEED_PROPERTY, seed,
                KILLS_PROPERTY, count, schedule.kills);
        return schedule;
    }

    /** {@code count} kills drawn from {@code seed}; at least one reorgs while the worker is down. */
    static KillSchedule of(long seed, int count) {
        if (count < 1) {
            throw new IllegalArgumentException(KILLS_PROPERTY + " must be at least 1, not " + count);
        }
        Random random = new Random(seed);
        int guaranteedReorg = random.nextInt(count);
        List<Kill> kills = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int blocks = random.nextInt(MAX_BLOCKS_BEFORE_KILL + 1);
            boolean reorg = i == guaranteedReorg || random.nextInt(REORG_WHILE_DOWN_ONE_IN) == 0;
            int depth = reorg ? 1 + random.nextInt(MAX_REORG_DEPTH_WHILE_DOWN) : 0;
            kills.add(new Kill(i + 1, blocks, depth));
        }
        return new KillSchedule(seed, kills);
    }

    long seed() {
        return seed;
    }

    List<Kill> kills() {
        return kills;
    }

    long reorgsWhileDown() {
        return kills.stream().filter(Kill::reorgsWhileDown).count();
    }
}
