package dev.ampconnect.packaging.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM running a main class from a {@link KafkaRuntime}'s jars: a real OS process with its own pid,
 * its stdout and stderr appended to one log file. It is registered with {@link LiveProcesses} so it cannot
 * outlive the JVM that started it.
 */
public final class ChildJvm {

    /**
     * What to run.
     *
     * @param name       short name for messages and the log file ({@code broker}, {@code worker-2})
     * @param runtime    the Kafka installation whose {@code libs/*} is the class path
     * @param jvmOptions options before the main class ({@code -Xmx…}, {@code --add-opens…}, {@code -D…})
     * @param mainClass  the main class
     * @param args       program arguments
     * @param workDir    working directory
     * @param logFile    where stdout and stderr are appended (kept across restarts)
     */
    public record Spec(String name, KafkaRuntime runtime, List<String> jvmOptions, String mainClass,
                       List<String> args, Path workDir, Path logFile) {
        public Spec {
            jvmOptions = List.copyOf(jvmOptions);
            args = List.copyOf(args);
        }
    }

    private final Spec spec;
    private final Process process;

    private ChildJvm(Spec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /** Starts the process and returns at once; readiness is the caller's condition to await. */
    public static ChildJvm start(Spec spec) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(spec.jvmOptions());
        command.add("-cp");
        command.add(spec.runtime().classpath());
        command.add(spec.mainClass());
        command.addAll(spec.args());
        try {
            Files.createDirectories(spec.workDir());
            Files.createDirectories(spec.logFile().getParent());
            Files.writeString(spec.logFile(), "=== " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(spec.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            LiveProcesses.add(process);
            return new ChildJvm(spec, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + " (" + spec.mainClass() + ")", e);
        }
    }

    /**
     * Runs the process to completion (e.g. a CLI tool).
     *
     * @throws IllegalStateException when it exits non-zero or outlives {@code timeout}; the message holds the
     *                               end of its log
     */
    public static void run(Spec spec, Duration timeout) {
        ChildJvm jvm = start(spec);
        int exit = jvm.awaitExit(timeout);
        if (exit != 0) {
            throw new IllegalStateException(spec.name() + " (" + spec.mainClass() + ") exited with " + exit
                    + "; end of " + spec.logFile() + ":\n" + jvm.logTail(30));
        }
    }

    /** What this process runs. */
    public Spec spec() {
        return spec;
    }

    /** The OS process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, if the process has exited. */
    public String exitDescription() {
        return process.isAlive() ? "running" : "exited with " + process.exitValue();
    }

    /**
     * Graceful stop: SIGTERM, which runs the JVM's shutdown hooks (Kafka and Connect close cleanly on it);
     * SIGKILL only if it is still alive after {@code grace}.
     */
    public void stop(Duration grace) {
        process.destroy();
        if (!waitFor(grace)) {
            kill9();
        }
    }

    /** SIGKILL: the process dies at once, without shutdown hooks, as in a machine or container crash. */
    public void kill9() {
        process.destroyForcibly();
        if (!waitFor(Duration.ofSeconds(30))) {
            throw new IllegalStateException(spec.name() + " (pid " + pid() + ") survived SIGKILL for 30 s");
        }
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            process.destroyForcibly();
            throw new IllegalStateException(spec.name() + " (pid " + pid() + ") still running after "
                    + timeout.toSeconds() + " s; end of " + spec.logFile() + ":\n" + logTail(30));
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of the log file, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(spec.logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + spec.logFile() + " unreadable: " + e + ")";
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for " + spec.name() + " to exit", e);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public String toString() {
        return spec.name() + " (pid " + pid() + ", " + exitDescription() + ")";
    }
}
