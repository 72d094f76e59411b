package dev.ampconnect.sink.clickhouse;

import com.clickhouse.data.ClickHouseFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** One columnar batch ready to be sent as the body of one INSERT: its columns, its format, its bytes. */
interface EncodedBatch {

    /** The table columns the INSERT names, in the order the encoded rows hold them. */
    List<String> columns();

    /** The INSERT's input format. */
    ClickHouseFormat format();

    /**
     * Streams the rows to {@code out}.
     *
     * @throws RejectedValue naming the row and column of a value the column cannot hold; nothing has been
     *                       sent for that row, and the caller aborts the request
     */
    void writeTo(OutputStream out) throws IOException, RejectedValue;
}
