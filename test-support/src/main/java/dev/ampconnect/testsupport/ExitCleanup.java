package dev.ampconnect.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM shutdown hook that stops every test service still running when the JVM exits, so an
 * aborted run (Ctrl-C, a failsafe timeout, an {@code afterAll} that never ran) leaves no process
 * behind. Services register when they start and {@link Registration#cancel() cancel} when they stop
 * normally; the hook closes what remains, newest first. A {@code kill -9} of the JVM cannot be caught;
 * only processes outlive it.
 */
public final class ExitCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ExitCleanup.class);
    private static final Map<Registration, AutoCloseable> PENDING = new LinkedHashMap<>();
    private static boolean hookInstalled;

    private ExitCleanup() {
    }

    /**
     * Closes {@code resource} at JVM exit unless the returned registration is cancelled first.
     *
     * @param description what the resource is, logged if closing it fails
     */
    public static synchronized Registration register(String description, AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::closeAll, "amp-test-exit-cleanup"));
            hookInstalled = true;
        }
        Registration registration = new Registration(description);
        PENDING.put(registration, resource);
        return registration;
    }

    private static void closeAll() {
        List<Map.Entry<Registration, AutoCloseable>> remaining;
        synchronized (ExitCleanup.class) {
            remaining = new ArrayList<>(PENDING.entrySet());
            PENDING.clear();
        }
        for (int i = remaining.size() - 1; i >= 0; i--) {
            Map.Entry<Registration, AutoCloseable> entry = remaining.get(i);
            try {
                entry.getValue().close();
            } catch (Exception e) {
                // at JVM exit there is nobody left to rethrow to; say what may have been left running
                LOG.warn("could not stop {} at JVM exit", entry.getKey().description, e);
            }
        }
    }

    /** A pending close at JVM exit. */
    public static final class Registration {
        private final String description;

        private Registration(String description) {
            this.description = description;
        }

        /** The resource was stopped normally: the exit hook no longer needs to. */
        public void cancel() {
            synchronized (ExitCleanup.class) {
                PENDING.remove(this);
            }
        }
    }
}
