package dev.ampconnect.sink.iceberg.schema;

import dev.ampconnect.sink.iceberg.IcebergSinkConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Gets a table ready for a batch: loads it, creates it when missing ({@code table.auto.create}: the batch's
 * schema per {@link IcebergTypeMapping}, the configured partition spec and format version), adds the batch's
 * new columns as optional columns ({@code table.auto.evolve}), and otherwise accepts an existing table only
 * when it can store the batch ({@link TableSchemas#missingColumns}).
 */
public final class IcebergTables {

    /**
     * @param autoCreate       create missing tables (and the namespace)
     * @param autoEvolve       add missing columns
     * @param formatVersion    format version of created tables
     * @param partitionBy      partition spec of created tables ({@link PartitionSpecs} syntax), may be empty
     * @param createProperties extra table properties of created tables
     * @param uint64Mode       how UInt64 columns are stored
     */
    public record Options(boolean autoCreate, boolean autoEvolve, int formatVersion, String partitionBy,
                          Map<String, String> createProperties, dev.ampconnect.common.arrow.Uint64Mode uint64Mode) {
        public Options {
            createProperties = Map.copyOf(createProperties);
            Objects.requireNonNull(uint64Mode, "uint64Mode");
        }
    }

    /**
     * Table properties of created tables unless {@code iceberg.tables.auto-create-props.*} says otherwise: the sink
     * commits every flush and keeps its state in table properties, so old {@code metadata.json} versions are deleted
     * after each commit (the newest {@value TableProperties#METADATA_PREVIOUS_VERSIONS_MAX_DEFAULT} are kept; snapshots
     * and time travel are unaffected).
     */
    static final Map<String, String> CREATE_DEFAULTS = Map.of(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");

    private final Catalog catalog;
    private final Namespace namespace;
    private final Options options;

    public IcebergTables(Catalog catalog, Namespace namespace, Options options) {
        this.catalog = catalog;
        this.namespace = namespace;
        this.options = options;
    }

    /** The identifier of {@code table} in the configured namespace. */
    public TableIdentifier identifier(String table) {
        return TableIdentifier.of(namespace, table);
    }

    /** The table, or {@code null} when it does not exist. */
    public Table find(String table) {
        try {
            return catalog.loadTable(identifier(table));
        } catch (NoSuchTableException e) {
            return null;
        }
    }

    /**
     * The table ready to take rows of {@code arrowSchema}: created or evolved as configured.
     *
     * @param amp whether the rows are amp rows (then the table gets {@value TableSchemas#BATCH_SEQUENCE_COLUMN})
     * @throws IncompatibleTableException naming the table and column when it cannot take the rows
     */
    public Table prepare(String table, org.apache.arrow.vector.types.pojo.Schema arrowSchema, boolean amp) {
        return prepare(find(table), table, arrowSchema, amp);
    }

    /**
     * {@link #prepare(String, org.apache.arrow.vector.types.pojo.Schema, boolean)} for a table the caller loaded
     * already ({@code loaded}, or {@code null} when it found none), saving the catalog a round trip.
     */
    public Table prepare(Table loaded, String table, org.apache.arrow.vector.types.pojo.Schema arrowSchema, boolean amp) {
        Table existing = loaded;
        if (existing == null) {
            if (!options.autoCreate()) {
                throw IncompatibleTableException.configuration("table " + identifier(table) + " does not exist and"
                        + " table.auto.create=false: create it, or set table.auto.create=true");
            }
            existing = create(table, TableSchemas.of(arrowSchema, amp, typeOptions(options.formatVersion())));
        }
        Schema needed = TableSchemas.of(arrowSchema, amp, typeOptions(TableUtil.formatVersion(existing)));
        List<NestedField> missing = TableSchemas.missingColumns(identifier(table).toString(), existing.schema(), needed);
        if (missing.isEmpty()) {
            return existing;
        }
        if (!options.autoEvolve()) {
            throw IncompatibleTableException.configuration("table " + identifier(table) + " has no column for "
                    + missing.stream().map(NestedField::name).toList() + " and table.auto.evolve=false: add the"
                    + " columns, or set table.auto.evolve=true");
        }
        UpdateSchema update = existing.updateSchema();
        for (NestedField column : missing) {
            update.addColumn(column.name(), column.type(), column.doc());
        }
        update.commit();
        existing.refresh();
        return existing;
    }

    private Table create(String table, Schema schema) {
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
            try {
                namespaces.createNamespace(namespace);
            } catch (AlreadyExistsException raced) {
                // another task created it first
            }
        }
        PartitionSpec spec = PartitionSpecs.parse(options.partitionBy(), schema, IcebergSinkConfig.PARTITION_BY);
        Map<String, String> properties = new LinkedHashMap<>(CREATE_DEFAULTS);
        properties.putAll(options.createProperties());
        properties.put(TableProperties.FORMAT_VERSION, Integer.toString(options.formatVersion()));
        try {
            return catalog.buildTable(identifier(table), schema).withPartitionSpec(spec).withProperties(properties).create();
        } catch (AlreadyExistsException raced) {
            return catalog.loadTable(identifier(table));
        }
    }

    private IcebergTypeMapping.Options typeOptions(int formatVersion) {
        return new IcebergTypeMapping.Options(options.uint64Mode(), formatVersion);
    }
}
