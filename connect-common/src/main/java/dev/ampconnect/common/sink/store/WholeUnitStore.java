package dev.ampconnect.common.sink.store;

/**
 * A {@link CommitScope#UNIT} store that applies a whole unit in one call (e.g. one Redis MULTI/EXEC built from every
 * table's commands): the transaction's steps are collected into a {@link UnitOfWork}, which {@link #apply} receives
 * at commit.
 */
public interface WholeUnitStore extends SinkStore {

    /**
     * Applies a unit all-or-nothing, verifying every offset's epoch before any of it becomes visible. Returns
     * normally, without writing again, when the store already holds the unit's offsets (a retry after a lost reply).
     *
     * @throws StoreException classified failure; nothing of the unit is visible afterwards
     */
    void apply(UnitOfWork unit);

    @Override
    default CommitScope commitScope() {
        return CommitScope.UNIT;
    }

    @Override
    default StoreTransaction begin(UnitHeader header) {
        return new UnitCollector(header, this);
    }
}
