package dev.ampconnect.sink.iceberg.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One partition inside one table, as a table property: {@code {"epoch":3,"next":1200,"mark":1180}}.
 *
 * @param epoch      the fencing epoch, bumped by every task that loads the table for the partition
 * @param nextOffset the table's own offset: every record of the partition below it that routes to the table is
 *                   stored in it ({@code null}: none yet)
 * @param mark       the partition mark the table holds: every record of the partition below it is stored in its
 *                   table ({@code null}: none); the partition resumes at the highest mark of any table
 */
record PartitionEntry(long epoch, Long nextOffset, Long mark) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The entry of a property value, or {@code null} for an absent one. */
    static PartitionEntry decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            return new PartitionEntry(node.get("epoch").asLong(), longOrNull(node.get("next")), longOrNull(node.get("mark")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("unreadable sink offsets entry '" + value + "': " + e.getMessage(), e);
        }
    }

    private static Long longOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asLong();
    }

    String encode() {
        ObjectNode node = JSON.createObjectNode().put("epoch", epoch);
        if (nextOffset != null) {
            node.put("next", nextOffset);
        }
        if (mark != null) {
            node.put("mark", mark);
        }
        return node.toString();
    }

    PartitionEntry withEpoch(long newEpoch) {
        return new PartitionEntry(newEpoch, nextOffset, mark);
    }

    PartitionEntry withNextOffset(long next) {
        return new PartitionEntry(epoch, next, mark);
    }

    /** The entry with the mark raised to {@code newMark} (marks never go back). */
    PartitionEntry withMark(long newMark) {
        return new PartitionEntry(epoch, nextOffset, mark == null ? newMark : Math.max(mark, newMark));
    }
}
