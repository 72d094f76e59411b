package dev.ampconnect.sink.postgresql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

class PgNumericTest {

    /** The shorts of the field after its length: ndigits, weight, sign, dscale, digits… */
    private static int[] encode(BigDecimal value) throws SQLException {
        PgBinaryOutput out = new PgBinaryOutput();
        PgNumeric.write(value, out);
        return encodeOutput(out);
    }

    @Test
    void digitsAreBase10000AlignedOnTheDecimalPoint() throws SQLException {
        assertArrayEquals(new int[] {3, 1, 0, 3, 1, 2345, 6780}, encode(new BigDecimal("12345.678")));
        assertArrayEquals(new int[] {1, -1, 0, 1, 5000}, encode(new BigDecimal("0.5")));
        assertArrayEquals(new int[] {1, -2, 0, 5, 1000}, encode(new BigDecimal("0.00001")));
        assertArrayEquals(new int[] {1, 2, 0, 0, 1}, encode(new BigDecimal("100000000")), "trailing zero groups dropped");
    }

    @Test
    void signAndZeroAreEncoded() throws SQLException {
        assertArrayEquals(new int[] {1, 0, 0x4000, 0, 1}, encode(new BigDecimal("-1")));
        assertArrayEquals(new int[] {0, 0, 0, 2}, encode(new BigDecimal("0.00")));
    }

    @Test
    void theLongPathEncodesLikeTheDecimalPath() throws SQLException {
        for (long value : new long[] {0, 1, -1, 9_999, 10_000, -10_000, 100_000_000, 123_456_789_012L, Long.MAX_VALUE,
            Long.MIN_VALUE, -Long.MAX_VALUE, 20_000_000_000_000L}) {
            PgBinaryOutput viaLong = new PgBinaryOutput();
            PgNumeric.write(value, viaLong);
            assertArrayEquals(encode(BigDecimal.valueOf(value)), encodeOutput(viaLong), "value " + value);
        }
    }

    @Test
    void unsigned64BitValuesStayExact() throws SQLException {
        PgBinaryOutput viaUnsigned = new PgBinaryOutput();
        PgNumeric.writeUnsigned(-1L, viaUnsigned);
        assertArrayEquals(encode(new BigDecimal("18446744073709551615")), encodeOutput(viaUnsigned));
    }

    private static int[] encodeOutput(PgBinaryOutput out) throws SQLException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        out.flush(new Capture(bytes));
        byte[] raw = bytes.toByteArray();
        int[] shorts = new int[(raw.length - 4) / 2];
        for (int i = 0; i < shorts.length; i++) {
            shorts[i] = (short) (((raw[4 + 2 * i] & 0xff) << 8) | (raw[5 + 2 * i] & 0xff));
        }
        return shorts;
    }

    /** Collects what the writer would send to the server. */
    private record Capture(ByteArrayOutputStream bytes) implements CopyIn {
        @Override
        public void writeToCopy(byte[] buf, int off, int siz) {
            bytes.write(buf, off, siz);
        }

        @Override
        public void writeToCopy(org.postgresql.util.ByteStreamWriter from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flushCopy() {
        }

        @Override
        public long endCopy() {
            return 0;
        }

        @Override
        public int getFieldCount() {
            return 0;
        }

        @Override
        public int getFormat() {
            return 1;
        }

        @Override
        public int getFieldFormat(int field) {
            return 1;
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public void cancelCopy() {
        }

        @Override
        public long getHandledRowCount() {
            return 0;
        }
    }
}
