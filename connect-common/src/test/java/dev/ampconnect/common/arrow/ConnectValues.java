package dev.ampconnect.common.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** Deep equality of Connect values, comparing byte arrays by content wherever they are nested. */
final class ConnectValues {

    private ConnectValues() {
    }

    static void assertDeepEquals(Object expected, Object actual) {
        assertDeepEquals(expected, actual, "value");
    }

    static void assertDeepEquals(Object expected, Object actual, String path) {
        if (expected instanceof Struct e && actual instanceof Struct a) {
            assertEquals(e.schema(), a.schema(), path + " schema");
            for (Field field : e.schema().fields()) {
                assertDeepEquals(e.get(field), a.get(field), path + "." + field.name());
            }
        } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
            assertEquals(e.size(), a.size(), path + " size");
            for (int i = 0; i < e.size(); i++) {
                assertDeepEquals(e.get(i), a.get(i), path + "[" + i + "]");
            }
        } else if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            assertEquals(e.size(), a.size(), path + " size");
            Iterator<? extends Map.Entry<?, ?>> it = e.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> entry = it.next();
                assertDeepEquals(entry.getValue(), a.get(entry.getKey()), path + "{" + entry.getKey() + "}");
            }
        } else if (expected instanceof byte[] e && actual instanceof byte[] a) {
            assertArrayEquals(e, a, path);
        } else {
            assertEquals(expected, actual, path);
        }
    }
}
