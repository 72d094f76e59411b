package dev.ampconnect.sink.iceberg.commit;

import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.TableMetadata;

/**
 * The table property values a commit was built against (an epoch, typically), checked on every metadata
 * version the commit is about to be applied to.
 */
final class PropertyGuard {

    private final String table;
    private final Map<String, String> expected;

    /** @param expected property -> expected value ({@code null}: the property must be absent) */
    PropertyGuard(String table, Map<String, String> expected) {
        this.table = table;
        this.expected = expected;
    }

    /** @throws FencedCommitException naming the property and both values when {@code metadata} differs */
    void check(TableMetadata metadata) {
        Map<String, String> properties = metadata.properties();
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            String actual = properties.get(entry.getKey());
            if (!Objects.equals(actual, entry.getValue())) {
                throw new FencedCommitException("table " + table + ": property " + entry.getKey() + " is "
                        + (actual == null ? "absent" : "'" + actual + "'") + " but this commit expected "
                        + (entry.getValue() == null ? "it absent" : "'" + entry.getValue() + "'")
                        + " (another task took over?); nothing of the commit is visible");
            }
        }
    }
}
