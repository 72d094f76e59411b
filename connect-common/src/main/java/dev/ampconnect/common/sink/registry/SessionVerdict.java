package dev.ampconnect.common.sink.registry;

/** What a record's {@code amp.session} means for its table (sink rule 5). */
public enum SessionVerdict {
    /** The table's current session. */
    CURRENT,
    /** The first session the table ever sees: adopted. */
    FIRST,
    /** A session the table never saw, arriving with a rewind: it replaces the current one. */
    NEW_BY_REWIND,
    /**
     * A session the table never saw, arriving WITHOUT a rewind first (the rewind was filtered out, or the
     * source does not follow the contract): adopted as well — the continuity check then treats an overlap
     * as an implicit rewind and a gap or hash break as an error, so the table stays exact.
     */
    NEW_WITHOUT_REWIND,
    /** A session that was already replaced by a newer one (a zombie source task): drop the record. */
    RETIRED
}
