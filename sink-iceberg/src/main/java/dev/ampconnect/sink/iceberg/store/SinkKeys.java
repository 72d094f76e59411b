package dev.ampconnect.sink.iceberg.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one connector keeps its sink state in a table: table properties (they survive snapshot expiration and are
 * rewritten by every commit, so each commit changes them atomically with its files) under
 * {@code amp.sink.<connector>.}, and snapshot summary entries that mark the connector's own commits. Connector and
 * topic names are URL-encoded (dots included), so no two connectors' or partitions' keys can collide.
 *
 * <ul>
 *   <li>{@code amp.sink.<connector>.offsets.<topic>.<partition>}: {@link PartitionEntry} (epoch, the table's own
 *       next offset, the partition mark)</li>
 *   <li>{@code amp.sink.<connector>.state}: the table state ({@link TableStateCodec})</li>
 *   <li>{@code amp.sink.<connector>.registry}: the batch registry with file positions ({@link RegistryCodec})</li>
 *   <li>{@code amp.sink.<connector>.progress}: readable: per network the last complete block, its hash and batch
 *       sequence (readers hide incomplete batches with {@code _amp_batch_seq <= sequence})</li>
 * </ul>
 */
final class SinkKeys {

    /** Summary entry naming the connector that made a snapshot. */
    static final String SUMMARY_CONNECTOR = "amp.sink.connector";
    /** Summary entry of a data commit: the snapshot its registry was checked against for foreign file removals. */
    static final String SUMMARY_CHECKED = "amp.sink.checked-snapshot";
    /** Summary entry: a unique id per commit attempt, to find out whether a commit with a lost reply landed. */
    static final String SUMMARY_COMMIT_ID = "amp.sink.commit-id";
    /** Summary entry: the table's own offsets after the commit, readable ({@code topic/partition=offset,...}). */
    static final String SUMMARY_OFFSETS = "amp.sink.offsets";
    /** Summary entry of an epoch claim. */
    static final String SUMMARY_CLAIM = "amp.sink.claim";
    /** {@link #SUMMARY_CHECKED} of a commit to a table that had no snapshot. */
    static final String NO_SNAPSHOT = "none";

    private final String connector;
    private final String prefix;

    SinkKeys(String connector) {
        this.connector = connector;
        this.prefix = "amp.sink." + encode(connector) + ".";
    }

    String connector() {
        return connector;
    }

    String partition(TopicPartition partition) {
        return prefix + "offsets." + encode(partition.topic()) + "." + partition.partition();
    }

    String state() {
        return prefix + "state";
    }

    String registry() {
        return prefix + "registry";
    }

    String progress() {
        return prefix + "progress";
    }

    /** Whether this connector made {@code snapshot}. */
    boolean isOurs(Snapshot snapshot) {
        Map<String, String> summary = snapshot.summary();
        return summary != null && connector.equals(summary.get(SUMMARY_CONNECTOR));
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace(".", "%2E");
    }
}
