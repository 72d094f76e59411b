package dev.ampconnect.packaging.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The child processes this JVM started and has not yet seen exit. A JVM shutdown hook kills whatever is still
 * in here, so a test run that ends abruptly (failed assertion, Ctrl-C, System.exit) leaves no broker or worker
 * behind holding ports and CPU. Only a kill -9 of this JVM itself escapes it.
 */
final class LiveProcesses {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LiveProcesses::killAll, "kill-child-processes"));
    }

    private LiveProcesses() {
    }

    static void add(Process process) {
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
    }

    private static void killAll() {
        for (Process process : LIVE) {
            process.destroyForcibly();
        }
    }
}
