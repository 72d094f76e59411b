package dev.ampconnect.common.arrow;

import dev.ampconnect.common.arrow.column.ColumnKind;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * Column plans of timestamps, dates and times. Connect's temporal types hold milliseconds, so a value
 * with sub-millisecond digits fails loudly instead of being truncated; {@code timestamp.mode=nanos} keeps
 * nanoseconds exactly in an INT64.
 */
final class TemporalColumns {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private TemporalColumns() {
    }

    /** Timestamp of any unit as a {@code java.util.Date} ({@code timestamp.mode=connect}). */
    static ColumnPlan timestampAsDate(TimeUnit unit, String column) {
        return vector -> {
            TimeStampVector v = (TimeStampVector) vector;
            return i -> v.isNull(i) ? null : new java.util.Date(toMillis(v.get(i), unit, column, "timestamp"));
        };
    }

    /** Timestamp of any unit as INT64 nanoseconds since the epoch ({@code timestamp.mode=nanos}). */
    static ColumnPlan timestampAsNanos(TimeUnit unit, String column) {
        long factor = switch (unit) {
            case SECOND -> 1_000_000_000L;
            case MILLISECOND -> 1_000_000L;
            case MICROSECOND -> 1_000L;
            case NANOSECOND -> 1L;
        };
        return vector -> {
            TimeStampVector v = (TimeStampVector) vector;
            return i -> {
                if (v.isNull(i)) {
                    return null;
                }
                long raw = v.get(i);
                try {
                    return Long.valueOf(Math.multiplyExact(raw, factor));
                } catch (ArithmeticException e) {
                    throw new ColumnValueException(column, "timestamp " + raw + " " + ColumnKind.unitLabel(unit)
                            + " does not fit INT64 nanoseconds (timestamp.mode=nanos); use timestamp.mode=connect");
                }
            };
        };
    }

    static ColumnPlan dateDay() {
        return vector -> {
            DateDayVector v = (DateDayVector) vector;
            return i -> v.isNull(i) ? null : new java.util.Date(v.get(i) * MILLIS_PER_DAY);
        };
    }

    /** Date64: Connect's {@code Date} must be a UTC midnight, so any other time of day fails loudly. */
    static ColumnPlan dateMilli(String column) {
        return vector -> {
            DateMilliVector v = (DateMilliVector) vector;
            return i -> {
                if (v.isNull(i)) {
                    return null;
                }
                long millis = v.get(i);
                if (millis % MILLIS_PER_DAY != 0) {
                    throw new ColumnValueException(column, "date64 value " + millis
                            + " ms is not a UTC midnight, which a Connect Date requires");
                }
                return new java.util.Date(millis);
            };
        };
    }

    /** Time of any unit as a Connect {@code Time}: milliseconds since midnight. */
    static ColumnPlan time(TimeUnit unit, String column) {
        return switch (unit) {
            case SECOND -> vector -> {
                TimeSecVector v = (TimeSecVector) vector;
                return i -> v.isNull(i) ? null : timeOfDay(v.get(i) * 1000L, column);
            };
            case MILLISECOND -> vector -> {
                TimeMilliVector v = (TimeMilliVector) vector;
                return i -> v.isNull(i) ? null : timeOfDay(v.get(i), column);
            };
            case MICROSECOND -> vector -> {
                TimeMicroVector v = (TimeMicroVector) vector;
                return i -> v.isNull(i) ? null : timeOfDay(toMillis(v.get(i), unit, column, "time"), column);
            };
            case NANOSECOND -> vector -> {
                TimeNanoVector v = (TimeNanoVector) vector;
                return i -> v.isNull(i) ? null : timeOfDay(toMillis(v.get(i), unit, column, "time"), column);
            };
        };
    }

    private static java.util.Date timeOfDay(long millis, String column) {
        if (millis < 0 || millis >= MILLIS_PER_DAY) {
            throw new ColumnValueException(column, "time " + millis + " ms is outside one day, which a Connect Time requires");
        }
        return new java.util.Date(millis);
    }

    private static long toMillis(long raw, TimeUnit unit, String column, String what) {
        switch (unit) {
            case SECOND:
                try {
                    return Math.multiplyExact(raw, 1000L);
                } catch (ArithmeticException e) {
                    throw new ColumnValueException(column, what + " " + raw + " s does not fit INT64 milliseconds");
                }
            case MILLISECOND:
                return raw;
            case MICROSECOND:
                if (raw % 1_000L != 0) {
                    throw subMillisecond(raw, unit, column, what);
                }
                return raw / 1_000L;
            case NANOSECOND:
                if (raw % 1_000_000L != 0) {
                    throw subMillisecond(raw, unit, column, what);
                }
                return raw / 1_000_000L;
            default:
                throw new IllegalStateException("unknown time unit " + unit);
        }
    }

    private static ColumnValueException subMillisecond(long raw, TimeUnit unit, String column, String what) {
        return new ColumnValueException(column, what + " " + raw + " " + ColumnKind.unitLabel(unit)
                + " has sub-millisecond digits, which a Connect " + ("time".equals(what) ? "Time" : "Timestamp")
                + " (milliseconds) cannot hold"
                + ("time".equals(what) ? "" : "; set timestamp.mode=nanos to keep nanoseconds exactly"));
    }
}
