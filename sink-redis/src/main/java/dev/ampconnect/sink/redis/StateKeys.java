package dev.ampconnect.sink.redis;

import org.apache.kafka.common.TopicPartition;

/**
 * The sink's own keys (README "Registry layout"), all under {@code <prefix>{<connector>}:} so they share
 * one Redis Cluster slot:
 * <ul>
 *   <li>{@code offsets} hash: {@code epoch:<topic>:<partition>} (fencing epoch, bumped by every claim) and
 *       {@code next:<topic>:<partition>} (the next offset to consume);</li>
 *   <li>{@code tables} set: every table the connector wrote;</li>
 *   <li>{@code table:<table>} hash: stream, source, session, retired_sessions, last_sequence, pruned_through;</li>
 *   <li>{@code columns:<table>} hash: column -> Connect type of the rows;</li>
 *   <li>{@code batches:<table>} hash: sequence -> registry entry (JSON: batch id, ranges, rows, complete, session);</li>
 *   <li>{@code progress:<table>} hash: network -> last complete block, its hash, sequence and batch id;</li>
 *   <li>{@code undo:<table>:<sequence>} hash: what the batch wrote and what it overwrote (its undo log);</li>
 *   <li>{@code pre:<table>:<sequence>:<key>}: the value {@code key} held before the batch overwrote it.</li>
 * </ul>
 */
final class StateKeys {

    private final String prefix;

    StateKeys(String statePrefix, String connector) {
        this.prefix = statePrefix + hashTag(connector) + ":";
    }

    /** The Redis Cluster hash tag of a connector's keys. */
    static String hashTag(String connector) {
        return "{" + connector + "}";
    }

    /** {@code <prefix>{<connector>}:}, what the script prepends to its key names. */
    String prefix() {
        return prefix;
    }

    String offsets() {
        return prefix + "offsets";
    }

    String tables() {
        return prefix + "tables";
    }

    String table(String table) {
        return prefix + "table:" + table;
    }

    String columns(String table) {
        return prefix + "columns:" + table;
    }

    String batches(String table) {
        return prefix + "batches:" + table;
    }

    String progress(String table) {
        return prefix + "progress:" + table;
    }

    String undo(String table, long sequence) {
        return prefix + "undo:" + table + ":" + sequence;
    }

    String preimage(String table, long sequence, String key) {
        return prefix + "pre:" + table + ":" + sequence + ":" + key;
    }

    static String epochField(TopicPartition partition) {
        return "epoch:" + partition.topic() + ":" + partition.partition();
    }

    static String nextField(TopicPartition partition) {
        return "next:" + partition.topic() + ":" + partition.partition();
    }
}
