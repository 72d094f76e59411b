package dev.ampconnect.common.arrow;

import static dev.ampconnect.common.arrow.ArrowFields.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Realistic amp EVM schemas (docs/AMP_PROTOCOL.md "Typical schemas") and deterministic rows for them, plus
 * one schema holding every type TYPES.md maps.
 */
final class EvmDatasets {

    private static final long NANOS = 1_000_000_000L;
    private static final long GENESIS_TIME = 1_438_269_973L;

    static final Schema BLOCKS = schema(
            required("_block_num", UINT64),
            required("block_num", UINT64),
            required("timestamp", TIMESTAMP_NS_UTC),
            required("hash", FIXED32),
            required("parent_hash", FIXED32),
            required("ommers_hash", FIXED32),
            required("miner", FIXED20),
            required("state_root", FIXED32),
            required("transactions_root", FIXED32),
            required("receipt_root", FIXED32),
            required("logs_bloom", BINARY),
            required("difficulty", DECIMAL128_38_0),
            required("gas_limit", UINT64),
            required("gas_used", UINT64),
            required("extra_data", BINARY),
            required("mix_hash", FIXED32),
            required("nonce", UINT64),
            nullable("base_fee_per_gas", DECIMAL128_38_0),
            nullable("withdrawals_root", FIXED32),
            nullable("blob_gas_used", UINT64),
            nullable("excess_blob_gas", UINT64),
            nullable("parent_beacon_root", FIXED32));

    static final Schema TRANSACTIONS = schema(
            required("_block_num", UINT64),
            required("block_hash", FIXED32),
            required("block_num", UINT64),
            required("timestamp", TIMESTAMP_NS_UTC),
            required("tx_index", UINT32),
            required("tx_hash", FIXED32),
            nullable("to", FIXED20),
            required("nonce", UINT64),
            nullable("gas_price", DECIMAL128_38_0),
            required("gas_limit", UINT64),
            required("value", UTF8),
            required("input", BINARY),
            required("v", BINARY),
            required("r", BINARY),
            required("s", BINARY),
            required("gas_used", UINT64),
            required("type", INT32),
            nullable("max_fee_per_gas", DECIMAL128_38_0),
            nullable("max_priority_fee_per_gas", DECIMAL128_38_0),
            nullable("max_fee_per_blob_gas", DECIMAL128_38_0),
            required("from", FIXED20),
            required("status", BOOL),
            listOf("access_list", true, required("item", STRUCT,
                    required("address", FIXED20),
                    listOf("storage_keys", false, required("item", FIXED32)))),
            listOf("authorization_list", true, required("item", STRUCT,
                    required("chain_id", UINT64),
                    required("address", FIXED20),
                    required("nonce", UINT64),
                    required("y_parity", BOOL),
                    required("r", BINARY),
                    required("s", BINARY))));

    static final Schema LOGS = schema(
            required("_block_num", UINT64),
            required("block_hash", FIXED32),
            required("block_num", UINT64),
            required("timestamp", TIMESTAMP_NS_UTC),
            required("tx_hash", FIXED32),
            required("tx_index", UINT32),
            required("log_index", UINT32),
            required("address", FIXED20),
            nullable("topic0", FIXED32),
            nullable("topic1", FIXED32),
            nullable("topic2", FIXED32),
            nullable("topic3", FIXED32),
            required("data", BINARY));

    /** A decoded-event query: uint256 as Utf8, uint96 as Decimal128(38,0), uint160 as Decimal256(76,0). */
    static final Schema DECODED_TRANSFERS = schema(
            required("_block_num", UINT64),
            required("block_num", UINT64),
            required("timestamp", TIMESTAMP_NS_UTC),
            required("dec", STRUCT,
                    required("from", FIXED20),
                    required("to", FIXED20),
                    required("value", UTF8),
                    nullable("amount96", DECIMAL128_38_0),
                    nullable("amount160", DECIMAL256_76_0)));

    /** Every Arrow type TYPES.md maps, nullable, with nested combinations. */
    static final Schema ALL_TYPES = schema(
            nullable("bool", BOOL),
            nullable("int8", INT8), nullable("int16", INT16), nullable("int32", INT32), nullable("int64", INT64),
            nullable("uint8", UINT8), nullable("uint16", UINT16), nullable("uint32", UINT32), nullable("uint64", UINT64),
            nullable("float16", FLOAT16), nullable("float32", FLOAT32), nullable("float64", FLOAT64),
            nullable("utf8", UTF8), nullable("large_utf8", LARGE_UTF8), nullable("utf8_view", UTF8_VIEW),
            nullable("binary", BINARY), nullable("large_binary", LARGE_BINARY), nullable("binary_view", BINARY_VIEW),
            nullable("fixed20", FIXED20), nullable("fixed32", FIXED32), nullable("fixed7", new org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeBinary(7)),
            nullable("dec38_0", DECIMAL128_38_0), nullable("dec12_4", decimal(12, 4, 128)),
            nullable("dec76_0", DECIMAL256_76_0), nullable("dec76_18", decimal(76, 18, 256)),
            nullable("ts_ns_utc", TIMESTAMP_NS_UTC), nullable("ts_us", timestamp(TimeUnit.MICROSECOND, null)),
            nullable("ts_ms_tz", timestamp(TimeUnit.MILLISECOND, "America/New_York")), nullable("ts_s", timestamp(TimeUnit.SECOND, "UTC")),
            nullable("date32", DATE32), nullable("date64", DATE64),
            nullable("time_s", time(TimeUnit.SECOND)), nullable("time_ms", time(TimeUnit.MILLISECOND)),
            nullable("time_us", time(TimeUnit.MICROSECOND)), nullable("time_ns", time(TimeUnit.NANOSECOND)),
            listOf("list_i64", true, nullable("item", INT64)),
            new Field("large_list_utf8", FieldType.nullable(LARGE_LIST), List.of(nullable("item", UTF8))),
            new Field("fixed_list_f64", FieldType.nullable(fixedSizeList(2)), List.of(required("item", FLOAT64))),
            listOf("list_fixed32", true, required("item", FIXED32)),
            listOf("list_list_struct", true, listOf("item", false, required("item", STRUCT, required("k", UINT64)))),
            nullable("struct", STRUCT, required("a", FIXED20), nullable("b", DECIMAL256_76_0),
                    nullable("inner", STRUCT, nullable("t", TIMESTAMP_NS_UTC))),
            mapOf("map_utf8_u64", true, UTF8, nullable("value", UINT64)),
            mapOf("map_i32_struct", true, INT32, nullable("value", STRUCT, required("x", UTF8))),
            nullable("null", NULL));

    private EvmDatasets() {
    }

    static List<Object[]> blocks(long first, int count) {
        List<Object[]> rows = new ArrayList<>(count);
        for (long n = first; n < first + count; n++) {
            boolean london = n % 2 == 0;
            rows.add(new Object[] {
                n, n, (GENESIS_TIME + 12 * n) * NANOS, word(n, 1), word(n - 1, 1), word(0, 9), address(n),
                word(n, 2), word(n, 3), word(n, 4), bytes(256, n), new BigDecimal(n % 3 == 0 ? "0" : "58750003716598352816469"),
                30_000_000L, 12_345_678L + n, bytes((int) (n % 32), n), word(n, 5),
                n % 5 == 0 ? new BigInteger("18446744073709551615") : 0L,
                london ? new BigDecimal(7 + n) : null, london ? word(n, 6) : null,
                london ? 131_072L : null, london ? 0L : null, london ? word(n, 7) : null});
        }
        return rows;
    }

    static List<Object[]> transactions(long block, int count, int inputBytes) {
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean contractCreation = i % 7 == 3;
            Map<String, Object> entry = struct("address", address(i), "storage_keys", List.of(word(i, 8), word(i, 9)));
            Map<String, Object> authorization = struct("chain_id", 1L, "address", address(i + 1), "nonce", (long) i,
                    "y_parity", i % 2 == 0, "r", bytes(32, i), "s", bytes(32, i + 1));
            rows.add(new Object[] {
                block, word(block, 1), block, (GENESIS_TIME + 12 * block) * NANOS, (long) i, word(block * 1000 + i, 2),
                contractCreation ? null : address(i * 3L), (long) i, new BigDecimal(20_000_000_000L + i), 21_000L,
                "115792089237316195423570985008687907853269984665640564039457584007913129639935", bytes(inputBytes + i % 3, i),
                bytes(1, i), bytes(32, i), bytes(32, i + 7), 21_000L, 2, i % 2 == 0 ? new BigDecimal("30000000000") : null,
                i % 2 == 0 ? new BigDecimal("-1") : null, null, address(i * 5L), i % 11 != 0,
                i % 3 == 0 ? null : List.of(entry), i % 4 == 0 ? List.of(authorization) : null});
        }
        return rows;
    }

    static List<Object[]> logs(long block, int count) {
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {
                block, word(block, 1), block, (GENESIS_TIME + 12 * block) * NANOS, word(block * 1000 + i / 3, 2),
                (long) (i / 3), (long) i, address(i % 4), word(0xddf252adL, 0), word(i, 3), i % 2 == 0 ? word(i, 4) : null,
                null, bytes(32, i)});
        }
        return rows;
    }

    static List<Object[]> decodedTransfers(long block, int count) {
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {block, block, (GENESIS_TIME + 12 * block) * NANOS,
                struct("from", address(i), "to", address(i + 1), "value", BigInteger.TWO.pow(200 + i).toString(),
                        "amount96", new BigDecimal(BigInteger.TWO.pow(95).subtract(BigInteger.valueOf(i))),
                        "amount160", i % 2 == 0 ? new BigDecimal(BigInteger.TWO.pow(159).negate()) : null)});
        }
        return rows;
    }

    /** Two rows of ALL_TYPES with extreme values, and one row of nulls. */
    static List<Object[]> allTypes() {
        Map<Object, Object> labels = new LinkedHashMap<>();
        labels.put("max", new BigInteger("18446744073709551615"));
        labels.put("none", null);
        Map<Object, Object> byNumber = new LinkedHashMap<>();
        byNumber.put(-1, struct("x", "minus one"));
        byNumber.put(7, null);
        Object[] extreme = {
            true, (byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE,
            255, 65535, 4294967295L, new BigInteger("18446744073709551615"),
            -2.5f, Float.MIN_VALUE, -Double.MAX_VALUE,
            "Grüße ⛓", "", "x".repeat(40),
            bytes(3, 1), new byte[0], bytes(17, 2),
            address(1), word(1, 1), bytes(7, 3),
            new BigDecimal("-" + "9".repeat(38)), new BigDecimal("-12345678.9012"),
            new BigDecimal("9".repeat(76)), new BigDecimal("-1234567890123456789012345678901234567890123456789012345678.901234567890123456"),
            1_700_000_000L * NANOS, -86_400_000_000L, 1_700_000_000_123L, 4_102_444_800L,
            19_675, 19_675L * 86_400_000L,
            86_399, 86_399_999, 43_200_000_000L, 43_200_001_000_000L,
            Arrays.asList(Long.MIN_VALUE, null, 0L), List.of("a", "bc"), List.of(0.5, -0.5),
            List.of(word(2, 2), word(3, 3)), List.of(List.of(struct("k", new BigInteger("18446744073709551615"))), List.of()),
            struct("a", address(9), "b", new BigDecimal("-" + "7".repeat(70)), "inner", struct("t", 12L * NANOS)),
            labels, byNumber, null};
        Object[] ordinary = {
            false, (byte) 1, (short) -1, 42, -42L, 0, 1, 2L, 3L, 1.0f, 2.0f, 3.0, "a", "b", "c",
            bytes(1, 1), bytes(2, 2), bytes(3, 3), address(2), word(2, 2), bytes(7, 7),
            BigDecimal.ONE, new BigDecimal("0.0001"), BigDecimal.TEN, new BigDecimal("0.000000000000000001"),
            0L, 0L, 0L, 0L, 0, 0L, 0, 0, 0L, 0L,
            List.of(), List.of(), List.of(1.0, 2.0), List.of(), List.of(),
            struct("a", address(3), "b", null, "inner", null), new LinkedHashMap<>(), new LinkedHashMap<>(), null};
        Object[] nulls = new Object[ALL_TYPES.getFields().size()];
        return List.of(extreme, ordinary, nulls);
    }

    static Map<String, Object> struct(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** A deterministic 32-byte word. */
    static byte[] word(long seed, int salt) {
        return bytes(32, seed * 31 + salt);
    }

    /** A deterministic 20-byte address. */
    static byte[] address(long seed) {
        return bytes(20, seed * 17 + 5);
    }

    static byte[] bytes(int length, long seed) {
        byte[] bytes = new byte[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) x;
        }
        return bytes;
    }
}
