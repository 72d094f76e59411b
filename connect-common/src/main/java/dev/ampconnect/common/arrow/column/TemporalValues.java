package dev.ampconnect.common.arrow.column;

import java.time.Instant;
import java.util.function.IntToLongFunction;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * Reads dates, times and timestamps of a resolved column in one unit whatever the column's own, for
 * encoders that write them as text or in a store's unit. The accessors are bound to a vector once; reading
 * a row is a primitive call (no boxing, no type test). They read non-null rows only.
 */
public final class TemporalValues {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private TemporalValues() {
    }

    /** Days since 1970-01-01 of each row of a date column (a Date64 not at midnight floors to its day). */
    public static IntToLongFunction epochDays(ColumnKind.Date kind, ValueVector vector) {
        return switch (kind.unit()) {
            case DAY -> {
                DateDayVector days = (DateDayVector) vector;
                yield days::get;
            }
            case MILLISECOND -> {
                DateMilliVector millis = (DateMilliVector) vector;
                yield row -> Math.floorDiv(millis.get(row), MILLIS_PER_DAY);
            }
        };
    }

    /** Nanoseconds since midnight of each row of a time column. */
    public static IntToLongFunction nanosOfDay(ColumnKind.Time kind, ValueVector vector) {
        return switch (kind.unit()) {
            case SECOND -> {
                TimeSecVector v = (TimeSecVector) vector;
                yield row -> v.get(row) * 1_000_000_000L;
            }
            case MILLISECOND -> {
                TimeMilliVector v = (TimeMilliVector) vector;
                yield row -> v.get(row) * 1_000_000L;
            }
            case MICROSECOND -> {
                TimeMicroVector v = (TimeMicroVector) vector;
                yield row -> v.get(row) * 1_000L;
            }
            case NANOSECOND -> {
                TimeNanoVector v = (TimeNanoVector) vector;
                yield v::get;
            }
        };
    }

    /** The instant of a timestamp value counted in {@code unit} since the epoch (exact, any sign). */
    public static Instant instant(long value, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                    Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                    Math.floorMod(value, 1_000_000_000L));
        };
    }
}
