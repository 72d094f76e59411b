package dev.ampconnect.common.sink.conformance;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkTask;

/** What a backend supplies to run the conformance suites against its real store. */
public interface SinkProbe {

    /** A new, not yet started task of the backend. */
    SinkTask newTask();

    /** The backend's own config keys (connection etc.); the kit adds name, topics and base keys. */
    Map<String, String> storeConfig();

    /** Rows in {@code table} (0 when it does not exist). */
    long rowCount(String table);

    /**
     * Every row of {@code table}, ordered by {@code orderBy}, each as column name -> value in the Connect
     * Java type of the field of {@code valueSchema} (Long for INT64, BigDecimal for Decimal, byte[] for
     * BYTES, java.util.Date for Timestamp/Date/Time, List/Map/Struct for nested, null for NULL). Columns
     * the store adds ({@code _amp_batch_seq} …) may be left out.
     */
    List<Map<String, Object>> rows(String table, Schema valueSchema, String orderBy);

    /** The table's column names. */
    List<String> columnNames(String table);

    /** Removes every table and every piece of sink state, before each test. */
    void reset();

    /**
     * Whether the store keeps a NULL list, map or struct as NULL. ClickHouse cannot ({@code Nullable} never wraps
     * {@code Array}, {@code Map} or {@code Tuple}; its sink rejects such a row rather than store an empty value), so
     * for such a store the kit sends empty lists and maps and structs of NULLs where it would send NULL, and checks
     * that those come back.
     */
    default boolean storesNullNestedValues() {
        return true;
    }

    /** Whether {@code table.truncate.on.first.write} is supported. */
    default boolean supportsTruncateOnFirstWrite() {
        return false;
    }

    /** Extra config of a keyed mode (upsert, keyed structures) keyed by {@code keyFields}, if the store has one. */
    default Optional<Map<String, String>> keyedModeConfig(List<String> keyFields) {
        return Optional.empty();
    }
}
