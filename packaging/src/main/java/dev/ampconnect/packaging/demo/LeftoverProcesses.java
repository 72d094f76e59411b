package dev.ampconnect.packaging.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * Processes still running with the demo's work directory on their command line: the broker and worker (their
 * configs live there) and PostgreSQL ({@code postgres -D <work>/postgres}). After an orderly stop there must be
 * none; the demo prints the check, its test asserts it.
 */
public final class LeftoverProcesses {

    private LeftoverProcesses() {
    }

    /** {@code "<pid> <command line>"} of every live process mentioning {@code workDir}, this JVM excluded. */
    public static List<String> under(Path workDir) {
        String dir = workDir.toAbsolutePath().normalize().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .flatMap(p -> p.info().commandLine().filter(c -> c.contains(dir)).map(c -> p.pid() + " " + c).stream())
                .toList();
    }
}
