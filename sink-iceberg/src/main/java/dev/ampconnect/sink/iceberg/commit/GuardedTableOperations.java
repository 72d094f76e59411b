package dev.ampconnect.sink.iceberg.commit;

import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A table's operations that re-check a {@link PropertyGuard} whenever the metadata is refreshed. Iceberg's
 * transaction, when its commit loses a race ({@code CommitFailedException}), refreshes through these operations
 * and re-applies every pending update onto the new metadata, property updates included, so without this check
 * a retried commit would silently overwrite a newer epoch. A failed check throws
 * {@link FencedCommitException}, which the transaction does not retry.
 */
final class GuardedTableOperations implements TableOperations {

    private final TableOperations delegate;
    private final PropertyGuard guard;

    GuardedTableOperations(TableOperations delegate, PropertyGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public TableMetadata current() {
        return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
        TableMetadata refreshed = delegate.refresh();
        guard.check(refreshed);
        return refreshed;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
        delegate.commit(base, metadata);
    }

    @Override
    public FileIO io() {
        return delegate.io();
    }

    @Override
    public EncryptionManager encryption() {
        return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
        return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
        return delegate.locationProvider();
    }

    @Override
    public TableOperations temp(TableMetadata uncommittedMetadata) {
        return delegate.temp(uncommittedMetadata);
    }

    @Override
    public long newSnapshotId() {
        return delegate.newSnapshotId();
    }

    @Override
    public boolean requireStrictCleanup() {
        return delegate.requireStrictCleanup();
    }
}
