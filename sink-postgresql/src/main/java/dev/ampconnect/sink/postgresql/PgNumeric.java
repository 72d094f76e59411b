package dev.ampconnect.sink.postgresql;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The binary form of PostgreSQL NUMERIC: {@code int16 ndigits, int16 weight, int16 sign, int16 dscale},
 * then {@code ndigits} base-10000 digits, the first one worth {@code 10000^weight}.
 */
final class PgNumeric {

    private static final int POSITIVE = 0x0000;
    private static final int NEGATIVE = 0x4000;

    private PgNumeric() {
    }

    /** Writes {@code value} as a complete field (length prefix included). */
    static void write(BigDecimal value, PgBinaryOutput out) {
        int sign = value.signum() < 0 ? NEGATIVE : POSITIVE;
        BigDecimal abs = value.abs();
        if (abs.scale() < 0) {
            abs = abs.setScale(0);
        }
        int scale = abs.scale();
        String digits = abs.unscaledValue().toString();
        String integer;
        String fraction;
        if (digits.length() > scale) {
            integer = digits.substring(0, digits.length() - scale);
            fraction = digits.substring(digits.length() - scale);
        } else {
            integer = "";
            fraction = "0".repeat(scale - digits.length()) + digits;
        }
        int integerGroups = (integer.length() + 3) / 4;
        int fractionGroups = (fraction.length() + 3) / 4;
        String padded = "0".repeat(integerGroups * 4 - integer.length()) + integer
                + fraction + "0".repeat(fractionGroups * 4 - fraction.length());
        int groupCount = integerGroups + fractionGroups;
        int[] groups = new int[groupCount];
        for (int g = 0; g < groupCount; g++) {
            groups[g] = Integer.parseInt(padded, g * 4, g * 4 + 4, 10);
        }
        int weight = integerGroups - 1;
        int first = 0;
        while (first < groupCount && groups[first] == 0) {
            first++;
            weight--;
        }
        int last = groupCount;
        while (last > first && groups[last - 1] == 0) {
            last--;
        }
        int count = last - first;
        if (count == 0) {
            weight = 0;
            sign = POSITIVE;
        }
        out.int32(8 + 2 * count);
        out.int16(count);
        out.int16(weight);
        out.int16(sign);
        out.int16(scale);
        for (int g = first; g < last; g++) {
            out.int16(groups[g]);
        }
    }

    /** Writes a signed long (scale 0) without going through BigDecimal: the hot path of integer columns. */
    static void write(long value, PgBinaryOutput out) {
        if (value == Long.MIN_VALUE) {
            write(BigDecimal.valueOf(value), out);
            return;
        }
        int sign = value < 0 ? NEGATIVE : POSITIVE;
        long abs = Math.abs(value);
        // at most 5 base-10000 digits for 63 bits; collected least significant first
        int[] groups = new int[5];
        int count = 0;
        while (abs != 0) {
            groups[count++] = (int) (abs % 10_000);
            abs /= 10_000;
        }
        int trailingZeros = 0;
        while (trailingZeros < count && groups[trailingZeros] == 0) {
            trailingZeros++;
        }
        int digits = count - trailingZeros;
        out.int32(8 + 2 * digits);
        out.int16(digits);
        out.int16(digits == 0 ? 0 : count - 1);
        out.int16(digits == 0 ? POSITIVE : sign);
        out.int16(0);
        for (int g = count - 1; g >= trailingZeros; g--) {
            out.int16(groups[g]);
        }
    }

    /** Writes an unsigned 64-bit value. */
    static void writeUnsigned(long value, PgBinaryOutput out) {
        if (value >= 0) {
            write(value, out);
        } else {
            write(new BigDecimal(new BigInteger(Long.toUnsignedString(value))), out);
        }
    }
}
