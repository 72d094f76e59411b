package dev.ampconnect.sink.iceberg.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PartitionSpecsTest {

    private static final Schema SCHEMA = new Schema(NestedField.required(1, "block_num", Types.LongType.get()),
            NestedField.optional(2, "ts", Types.TimestampType.withZone()),
            NestedField.optional(3, "addr", Types.FixedType.ofLength(20)));

    @Test
    void termsBecomeTransforms() {
        PartitionSpec spec = PartitionSpecs.parse("truncate(block_num, 100000), day(ts), bucket(addr, 16)", SCHEMA, "k");
        assertEquals(3, spec.fields().size());
        assertEquals("truncate[100000]", spec.fields().get(0).transform().toString());
        assertEquals("day", spec.fields().get(1).transform().toString());
        assertEquals("bucket[16]", spec.fields().get(2).transform().toString());
        assertTrue(PartitionSpecs.parse("", SCHEMA, "k").isUnpartitioned());
        assertEquals("identity", PartitionSpecs.parse("block_num", SCHEMA, "k").fields().get(0).transform().toString());
    }

    @Test
    void aBadTermNamesTheKeyAndTheTerm() {
        ConfigException missing = assertThrows(ConfigException.class, () -> PartitionSpecs.parse("truncate(nope, 2)", SCHEMA, "the.key"));
        assertTrue(missing.getMessage().contains("the.key") && missing.getMessage().contains("nope"), missing.getMessage());
        ConfigException noWidth = assertThrows(ConfigException.class, () -> PartitionSpecs.parse("truncate(block_num)", SCHEMA, "k"));
        assertTrue(noWidth.getMessage().contains("needs a number"), noWidth.getMessage());
        assertThrows(ConfigException.class, () -> PartitionSpecs.parse("weekly(ts)", SCHEMA, "k"));
    }
}
