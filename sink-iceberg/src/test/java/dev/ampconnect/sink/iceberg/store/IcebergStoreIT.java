package dev.ampconnect.sink.iceberg.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.ConformanceSupport;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.common.sink.conformance.SinkTaskDriver;
import dev.ampconnect.sink.iceberg.CatalogSetup;
import dev.ampconnect.sink.iceberg.Compaction;
import dev.ampconnect.sink.iceberg.IcebergProbe;
import dev.ampconnect.sink.iceberg.IcebergSinkConfig;
import dev.ampconnect.sink.iceberg.commit.CommitHooks;
import dev.ampconnect.testsupport.iceberg.IcebergCatalogExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the Iceberg store adds to the conformance kit, against real catalogs: invalidations become position deletes
 * or deletion vectors at the recorded positions without reading a data file, wholly invalidated files are removed,
 * the state survives snapshot expiration, a compaction (before or racing a commit) is survived by finding rows by
 * {@code _amp_batch_seq}, a lost commit reply is resolved without writing twice, a zombie of an existing table is
 * fenced, and partitioned tables behave the same. After every step the table is read with Iceberg's generic reader.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(CatalogSetup.class)
class IcebergStoreIT extends ConformanceSupport {

    @RegisterExtension
    static final IcebergCatalogExtension REST = IcebergCatalogExtension.rest();

    @RegisterExtension
    static final IcebergCatalogExtension JDBC = IcebergCatalogExtension.jdbc();

    @Parameter
    CatalogSetup setup;

    private IcebergProbe probe;

    @Override
    protected SinkProbe probe() {
        return iceberg();
    }

    private IcebergProbe iceberg() {
        if (probe == null) {
            probe = setup.probe(REST, JDBC);
        }
        return probe;
    }

    private Table table() {
        return iceberg().table(topic);
    }

    private static List<DataFile> dataFiles(Table table) {
        List<DataFile> files = new ArrayList<>();
        for (FileScanTask task : tasks(table)) {
            files.add(task.file());
        }
        return files;
    }

    private static List<DeleteFile> deleteFiles(Table table) {
        List<DeleteFile> files = new ArrayList<>();
        for (FileScanTask task : tasks(table)) {
            files.addAll(task.deletes());
        }
        return files;
    }

    private static List<FileScanTask> tasks(Table table) {
        table.refresh();
        List<FileScanTask> tasks = new ArrayList<>();
        try (CloseableIterable<FileScanTask> planned = table.newScan().planFiles()) {
            planned.forEach(tasks::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tasks;
    }

    /** A task whose store lets {@code decorator} see each of its commits. */
    private SinkTaskDriver task(Map<String, String> extra, java.util.function.Consumer<dev.ampconnect.sink.iceberg.commit.TableCommit> decorator) {
        return task(CONNECTOR, extra, store -> {
            ((IcebergStore) store).decorateCommits(decorator);
            return store;
        });
    }

    /** Lets the task retry after its backoff (as the worker's empty polls do) until every record is stored. */
    private void awaitAllStored(SinkTaskDriver driver) {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> expected =
                Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition())));
        dev.ampconnect.testsupport.Await.condition("every record stored", java.time.Duration.ofSeconds(60),
                () -> expected.equals(driver.idle().commit()), () -> "stored offsets " + driver.commit());
    }

    @Test
    void anInvalidationDeletesTheRecordedPositionsWithoutReadingAnyDataFile() throws IOException {
        ChainStream chain = stream("eth");
        for (long block = 100; block < 110; block++) {
            chain.batch(block, block, 3);
        }
        SinkTaskDriver driver = task().deliver();
        driver.commit();
        List<DataFile> files = dataFiles(table());
        assertEquals(1, files.size(), "one unit, one data file");
        String location = files.get(0).location();
        Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        Path away = file.resolveSibling(file.getFileName() + ".away");

        chain.reorg(107, 109);
        // the data file is not there while the sink invalidates: reading it would fail the commit
        Files.move(file, away);
        try {
            driver.deliver().commit();
        } finally {
            Files.move(away, file);
        }

        assertEquals(expectedIds("eth", 100, 106, 3), sorted(ids(topic)),
                "the sink never opened the data file and the reader sees exactly blocks 100-106");
        assertEquals(1, driver.metrics().invalidations());
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), driver.commit());
        Table table = table();
        assertEquals(1, dataFiles(table).size(), "the data file stays: 21 of its 30 rows survive");
        List<DeleteFile> deletes = deleteFiles(table);
        assertEquals(1, deletes.size(), deletes.toString());
        assertEquals(FileContent.POSITION_DELETES, deletes.get(0).content());
        assertEquals(9, deletes.get(0).recordCount(), "9 positions: 3 blocks of 3 rows");
        assertEquals(setup == CatalogSetup.JDBC_V3 ? org.apache.iceberg.FileFormat.PUFFIN : org.apache.iceberg.FileFormat.PARQUET,
                deletes.get(0).format(), "format 3: a deletion vector; format 2: a position delete file");
    }

    @Test
    void aLargeUnitIsWrittenOnTwoThreadsAndAReorgAcrossBothFilesIsExact() {
        // 211 microbatches of one block and 1,000 rows, one unit: two row ranges of 105,500 rows (iceberg.write.threads
        // defaults to 2), so block 205's rows are cut between the two files
        ChainStream chain = stream("eth");
        for (long block = 100; block <= 310; block++) {
            chain.batch(block, block, 1_000);
        }
        SinkTaskDriver driver = task(CONNECTOR, Map.of("buffer.flush.rows", "300000")).deliver();
        driver.commit();
        List<DataFile> files = dataFiles(table());
        assertEquals(List.of(105_500L, 105_500L), files.stream().map(DataFile::recordCount).sorted().toList(),
                "one data file per row range");
        assertEquals(211_000, ids(topic).size());

        chain.reorg(205, 310);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 204, 1_000), sorted(ids(topic)), "exactly blocks 100-204");
        Table table = table();
        assertEquals(1, dataFiles(table).size(), "the second range's file held only invalidated rows: removed");
        List<DeleteFile> deletes = deleteFiles(table);
        assertEquals(1, deletes.size(), deletes.toString());
        assertEquals(500, deletes.get(0).recordCount(), "block 205's first 500 rows, in the first range's file");
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), driver.commit());
    }

    @Test
    void aDataFileWhoseRowsAreAllInvalidatedIsRemovedInsteadOfDeletedFrom() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        SinkTaskDriver driver = task().deliver();
        driver.commit();
        chain.batch(102, 103, 2);
        chain.batch(104, 105, 2);
        driver.deliver().commit();
        assertEquals(2, dataFiles(table()).size());

        chain.reorg(102, 105);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 101, 2), sorted(ids(topic)));
        assertEquals(1, dataFiles(table()).size(), "the second unit's file held only invalidated rows: removed");
        assertEquals(List.of(), deleteFiles(table()), "no delete file is needed");
    }

    @Test
    void rowsOfABatchTheSameUnitUndoesAreNeverWritten() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        chain.batch(102, 103, 2);
        chain.reorg(102, 103);
        task().deliver().commit();

        assertEquals(expectedIds("eth", 100, 101, 2), sorted(ids(topic)));
        assertEquals(4, dataFiles(table()).get(0).recordCount(), "only the surviving rows are in the file");
        assertEquals(List.of(), deleteFiles(table()));
    }

    @Test
    void theRegistryAndOffsetsSurviveSnapshotExpiration() {
        ChainStream chain = stream("eth");
        chain.batch(100, 104, 1);
        chain.batch(105, 109, 1);
        SinkTaskDriver first = task(CONNECTOR, Map.of("buffer.flush.rows", "3")).deliver();
        first.commit();
        first.stop();
        Table table = table();
        assertTrue(countSnapshots(table) > 2);
        table.expireSnapshots().retainLast(1).expireOlderThan(System.currentTimeMillis() + 1).commit();
        assertEquals(1, countSnapshots(table()));

        SinkTaskDriver second = task();
        assertEquals(12, second.position(partition()), "resumed at the stored mark");
        chain.reorg(105, 109);
        chain.batch(105, 106, 1);
        second.deliver().commit();

        assertEquals(expectedIds("eth", 100, 106, 1), sorted(ids(topic)), "the registry found the rows to delete");
    }

    private static int countSnapshots(Table table) {
        table.refresh();
        int count = 0;
        for (Snapshot ignored : table.snapshots()) {
            count++;
        }
        return count;
    }

    @Test
    void anInvalidationAfterACompactionFindsTheRowsByBatchSequence() {
        ChainStream chain = stream("eth");
        SinkTaskDriver driver = task(CONNECTOR, Map.of("buffer.flush.rows", "4"));
        chain.batch(100, 101, 2);
        chain.batch(102, 103, 2);
        chain.batch(104, 105, 2);
        driver.deliver().commit();
        chain.reorg(105, 105);
        driver.deliver().commit();
        assertTrue(dataFiles(table()).size() >= 2);
        assertTrue(Compaction.rewriteAll(iceberg().table(topic)) >= 2, "the compaction replaced the sink's files");

        chain.batch(104, 105, 2);
        chain.reorg(102, 105);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 101, 2), sorted(ids(topic)),
                "the rows of 102-103 were in the compacted file, at positions the registry never recorded");
        StoredRegistry registry = RegistryCodec.decode(table().properties().get(new SinkKeys(CONNECTOR).registry()));
        assertEquals(1, registry.entries().size());
        assertTrue(registry.entries().iterator().next().relocated(), "batch 100-101 is marked relocated");
    }

    @Test
    void aCompactionCommittedWhileTheSinkAppendsIsNoticedByTheNextInvalidation() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        chain.batch(102, 103, 2);
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        SinkTaskDriver driver = task(Map.of("buffer.flush.rows", "4"), commit -> {
            if (armed.compareAndSet(true, false)) {
                // the next data commit: a compaction lands between its checks and the catalog (the append goes on top)
                CommitHooks.beforeCommit(commit, () -> Compaction.rewriteAll(iceberg().table(topic)));
            }
        });
        driver.deliver().commit();
        armed.set(true);
        chain.batch(104, 105, 2);
        chain.reorg(102, 105);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 101, 2), sorted(ids(topic)),
                "the invalidation saw the compaction behind the sink's own newer commit and found 102-103 by sequence");
    }

    @Test
    void aCompactionRacingAnInvalidationMakesItRetryAndStayExact() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        chain.batch(102, 103, 2);
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        SinkTaskDriver driver = task(Map.of(), commit -> {
            if (armed.compareAndSet(true, false)) {
                CommitHooks.beforeCommit(commit, () -> Compaction.rewriteAll(iceberg().table(topic)));
            }
        });
        driver.deliver().commit();
        armed.set(true);
        chain.reorg(102, 103);
        driver.deliver().commit();
        awaitAllStored(driver);

        assertEquals(expectedIds("eth", 100, 101, 2), sorted(ids(topic)),
                "the delete commit failed validation (its file was compacted away), was retried and found the rows");
    }

    @Test
    void aLostReplyOfACommitThatLandedIsNotWrittenAgain() {
        ChainStream chain = stream("eth");
        chain.batch(100, 102, 2);
        AtomicInteger lost = new AtomicInteger();
        SinkTaskDriver driver = task(Map.of(), commit -> CommitHooks.afterCommit(commit, () -> {
            if (lost.getAndIncrement() == 1) {
                throw new CommitStateUnknownException(new RuntimeException("connection reset after the commit was sent"));
            }
        }));
        driver.deliver().commit();
        chain.batch(103, 104, 2);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 104, 2), sorted(ids(topic)));
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), driver.commit());
        assertEquals(2, dataFiles(table()).size(), "one data file per unit: the commit whose reply was lost landed and"
                + " was not written again");
        assertEquals(2, lost.get(), "no commit after the lost reply (the registry-only watermark units were in the same units)");
    }

    @Test
    void aCommitWhoseStateIsUnknownAndThatDidNotLandIsRetried() {
        ChainStream chain = stream("eth");
        chain.batch(100, 102, 2);
        AtomicInteger attempts = new AtomicInteger();
        SinkTaskDriver driver = task(Map.of(), commit -> CommitHooks.beforeCommit(commit, () -> {
            if (attempts.getAndIncrement() == 0) {
                throw new CommitStateUnknownException(new RuntimeException("timeout before the catalog answered"));
            }
        }));
        driver.deliver().commit();
        awaitAllStored(driver);

        assertEquals(expectedIds("eth", 100, 102, 2), sorted(ids(topic)));
        assertEquals(2, attempts.get(), "the attempt that did not land and its retry");
        assertEquals(1, dataFiles(table()).size(), "the first attempt's files were deleted, not committed");
    }

    @Test
    void aZombieOfAnExistingTableIsFencedAndWritesNothing() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 1);
        task().deliver().stop();
        chain.batch(102, 103, 1);
        SinkTaskDriver zombie = task().deliver();
        SinkTaskDriver owner = task();
        owner.deliver().commit();
        chain.batch(104, 105, 1);

        zombie.deliver();
        zombie.commit();
        ConnectException error = assertThrows(ConnectException.class, zombie::idle);
        assertTrue(error.getMessage().contains("fenced") && error.getMessage().contains("epoch"), error.getMessage());

        owner.deliver().commit();
        assertEquals(expectedIds("eth", 100, 105, 1), sorted(ids(topic)));
    }

    @Test
    void aPartitionedTableTakesInvalidationsTheSameWay() {
        ChainStream chain = stream("eth");
        for (long block = 100; block < 112; block += 2) {
            chain.batch(block, block + 1, 2);
        }
        Map<String, String> partitioned = Map.of(IcebergSinkConfig.PARTITION_BY, "truncate(block_num, 4)");
        SinkTaskDriver driver = task(CONNECTOR, partitioned).deliver();
        driver.commit();
        assertEquals(3, dataFiles(table()).size(), "blocks 100-103, 104-107, 108-111");

        chain.reorg(106, 111);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 105, 2), sorted(ids(topic)));
        assertEquals(2, dataFiles(table()).size(), "108-111 removed whole; 104-107 keeps 104-105");
    }

    @Test
    void theTableCarriesItsProgressAndTheSinkStateInProperties() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 1);
        chain.partialBatch(102, 103, 1, 1);
        task().deliver().commit();

        Map<String, String> properties = table().properties();
        SinkKeys keys = new SinkKeys(CONNECTOR);
        String progress = properties.get(keys.progress());
        assertNotNull(progress);
        assertTrue(progress.contains("\"block\":101") && progress.contains("\"sequence\":"), progress);
        PartitionEntry entry = PartitionEntry.decode(properties.get(keys.partition(partition())));
        assertEquals(4L, entry.nextOffset(), "3 records of batch 100-101 and 1 row of 102-103");
        assertEquals(4L, entry.mark());
        assertFalse(table().schema().findField("_amp_batch_seq") == null);
        assertTrue(properties.get(keys.registry()).startsWith(RegistryCodec.PREFIX));
    }

    @Test
    void aStreamStartingWithARewindAndAnEmptyMicrobatchCreatesTheTableWithItsFirstRows() {
        ChainStream chain = stream("eth");
        chain.rewind("session-1", 100);
        chain.watermark(chain.range(100, 101), 0);
        SinkTaskDriver driver = task();
        driver.deliver().commit();
        assertEquals(null, table(), "no rows yet: nothing to create the table from");

        chain.batch(102, 103, 2);
        driver.deliver().commit();
        assertEquals(expectedIds("eth", 102, 103, 2), sorted(ids(topic)));
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), driver.commit());
        driver.stop();

        StoredRegistry registry = RegistryCodec.decode(table().properties().get(new SinkKeys(CONNECTOR).registry()));
        assertEquals(2, registry.entries().size(), "the empty microbatch's entry came with the first rows");
        SinkTaskDriver second = task();
        assertEquals(log.endOffset(partition()), second.position(partition()));
        chain.reorg(100, 103);
        second.deliver().commit();
        assertEquals(0, probe().rowCount(topic));
    }

    @Test
    void aRestartedTaskResumesAtTheHighestMarkAcrossTables() {
        ChainStream a = new ChainStream(log, topic, "a", "eth");
        ChainStream b = new ChainStream(log, topic, "b", "eth");
        a.batch(100, 101, 1);
        b.batch(100, 100, 1);
        Map<String, String> twoTables = new HashMap<>(Map.of("table.name.format", "${topic}_${stream}"));
        task(CONNECTOR, twoTables).deliver().commit();
        assertEquals(log.endOffset(partition()), task(CONNECTOR, twoTables).position(partition()));
    }
}
