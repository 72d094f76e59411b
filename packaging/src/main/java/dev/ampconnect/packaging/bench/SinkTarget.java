package dev.ampconnect.packaging.bench;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Where an end-to-end run's sink writes, as the run sees it: the sink connector's store-specific settings, and
 * the one thing every measurement waits on, the newest block whose rows a reader can see. A new store joins the
 * benchmark with one implementation of this (its sink's connector class and connection keys, and how to read
 * its progress).
 */
public interface SinkTarget {

    /** Short name for reports and connector names ({@code postgresql}, {@code redis}). */
    String name();

    /**
     * The sink connector's settings that depend on the store: {@code connector.class} and the connection keys.
     * The run adds topics, converters, table name and buffering.
     */
    Map<String, String> sinkSettings();

    /**
     * The newest block of {@code table} that connector {@code connector} has stored completely (its batch
     * registered complete, so a reader of the store's progress sees it), or empty when none is yet.
     */
    OptionalLong visibleHead(String connector, String table);

    /** Rows of {@code table} in the store. */
    long rows(String table);

    /** Removes {@code table} and what connector {@code connector} keeps about it, so the next run starts empty. */
    void drop(String connector, String table);

    /** The store server's process id, if it runs on this machine (its CPU time is reported). */
    OptionalLong serverPid();
}
