package dev.ampconnect.benchmarks.e2e;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Java Flight Recorder on the worker for one timed part ({@code jcmd <pid> JFR.start/JFR.stop}, settings
 * {@code profile}): {@code -Dbench.e2e.jfr=true} writes one {@code .jfr} per part next to the run's logs.
 */
final class JfrRecorder {

    private final boolean enabled;
    private final long pid;
    private final Path dir;
    private String running;

    JfrRecorder(boolean enabled, long pid, Path dir) {
        this.enabled = enabled;
        this.pid = pid;
        this.dir = dir;
    }

    void start(String label) {
        if (!enabled) {
            return;
        }
        running = label.replaceAll("[^A-Za-z0-9.+-]+", "_");
        jcmd("JFR.start", "name=" + running, "settings=profile", "filename=" + dir.resolve(running + ".jfr"));
    }

    void stop() {
        if (!enabled || running == null) {
            return;
        }
        jcmd("JFR.stop", "name=" + running);
        System.out.println("JFR of the worker: " + dir.resolve(running + ".jfr"));
        running = null;
    }

    private void jcmd(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        command[1] = Long.toString(pid);
        System.arraycopy(args, 0, command, 2, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("jcmd failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
