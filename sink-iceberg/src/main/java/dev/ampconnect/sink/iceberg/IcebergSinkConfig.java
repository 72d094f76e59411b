package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.arrow.Uint64Mode;
import dev.ampconnect.common.config.ConfigDefs;
import dev.ampconnect.sink.iceberg.write.WriteThreads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.catalog.Namespace;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The Iceberg keys ({@code iceberg.*}). Catalog properties follow the convention of Apache Iceberg's own Kafka
 * Connect sink, so a user can switch over with the same keys: {@code iceberg.catalog} names the catalog and
 * every {@code iceberg.catalog.<property>} is handed to Iceberg's {@code CatalogUtil} as {@code <property>}
 * (the common ones are declared below, secrets as PASSWORD so Connect masks them; any other catalog or FileIO
 * property, e.g. {@code iceberg.catalog.s3.endpoint}, passes through as well). {@code iceberg.hadoop.<key>}
 * sets a Hadoop {@code Configuration} key, and {@code iceberg.tables.auto-create-props.<property>} a table
 * property of auto-created tables, again as in Iceberg's sink.
 */
public final class IcebergSinkConfig extends AbstractConfig {

    public static final String CATALOG_NAME = "iceberg.catalog";
    public static final String CATALOG_PREFIX = "iceberg.catalog.";
    public static final String CATALOG_TYPE = CATALOG_PREFIX + "type";
    public static final String CATALOG_IMPL = CATALOG_PREFIX + "catalog-impl";
    public static final String CATALOG_URI = CATALOG_PREFIX + "uri";
    public static final String CATALOG_WAREHOUSE = CATALOG_PREFIX + "warehouse";
    public static final String CATALOG_IO_IMPL = CATALOG_PREFIX + "io-impl";
    public static final String CATALOG_CREDENTIAL = CATALOG_PREFIX + "credential";
    public static final String CATALOG_TOKEN = CATALOG_PREFIX + "token";
    public static final String CATALOG_JDBC_USER = CATALOG_PREFIX + "jdbc.user";
    public static final String CATALOG_JDBC_PASSWORD = CATALOG_PREFIX + "jdbc.password";
    public static final String CATALOG_S3_ACCESS_KEY_ID = CATALOG_PREFIX + "s3.access-key-id";
    public static final String CATALOG_S3_SECRET_ACCESS_KEY = CATALOG_PREFIX + "s3.secret-access-key";
    public static final String HADOOP_PREFIX = "iceberg.hadoop.";

    public static final String NAMESPACE = "iceberg.namespace";
    public static final String FORMAT_VERSION = "iceberg.tables.format-version";
    public static final String PARTITION_BY = "iceberg.tables.partition-by";
    public static final String TARGET_FILE_SIZE_BYTES = "iceberg.tables.target-file-size-bytes";
    public static final String AUTO_CREATE_PROPS_PREFIX = "iceberg.tables.auto-create-props.";
    public static final String UINT64_MODE = "iceberg.uint64.mode";
    public static final String WRITE_THREADS = "iceberg.write.threads";

    /** Catalog types {@code iceberg.catalog.type} is documented for; others Iceberg knows pass through. */
    static final List<String> DOCUMENTED_CATALOG_TYPES = List.of("rest", "jdbc", "hadoop", "hive", "glue", "nessie");
    private static final Set<String> DECLARED_SECRETS = Set.of(CATALOG_CREDENTIAL, CATALOG_TOKEN, CATALOG_JDBC_PASSWORD,
            CATALOG_S3_SECRET_ACCESS_KEY);
    private static final long DEFAULT_TARGET_FILE_SIZE = 512L * 1024 * 1024;
    private static final String CATALOG_GROUP = "Iceberg catalog";
    private static final String TABLES_GROUP = "Iceberg tables";

    private final Map<String, String> originals;

    public IcebergSinkConfig(Map<String, String> props) {
        super(configDef(), props);
        this.originals = Map.copyOf(props);
        if (getString(CATALOG_TYPE) == null && getString(CATALOG_IMPL) == null) {
            throw new ConfigException(CATALOG_TYPE, null, "set the catalog type (one of " + DOCUMENTED_CATALOG_TYPES
                    + ") or " + CATALOG_IMPL + " (a Catalog class)");
        }
        if (getString(CATALOG_TYPE) != null && getString(CATALOG_IMPL) != null) {
            throw new ConfigException(CATALOG_IMPL, getString(CATALOG_IMPL), "set either " + CATALOG_TYPE + " or "
                    + CATALOG_IMPL + ", not both");
        }
    }

    /** The catalog keys. */
    public static ConfigDef catalogDef() {
        int order = 0;
        return new ConfigDef()
                .define(CATALOG_NAME, Type.STRING, "iceberg", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Name of the Iceberg catalog (as readers know it, e.g. in metrics and REST requests).",
                        CATALOG_GROUP, ++order, Width.SHORT, "Catalog name")
                .define(CATALOG_TYPE, Type.STRING, null, Importance.HIGH,
                        "Catalog type, passed to Iceberg as 'type': rest, jdbc, hadoop (tested here: rest, jdbc), or"
                                + " hive, glue, nessie when their jars are added to the plugin. Any other"
                                + " iceberg.catalog.<property> is passed through as <property>.",
                        CATALOG_GROUP, ++order, Width.SHORT, "Catalog type")
                .define(CATALOG_IMPL, Type.STRING, null, Importance.LOW,
                        "A Catalog class to load instead of a type (Iceberg's 'catalog-impl').",
                        CATALOG_GROUP, ++order, Width.LONG, "Catalog class")
                .define(CATALOG_URI, Type.STRING, null, Importance.HIGH,
                        "Catalog URI: the REST endpoint (http://host:8181) or the JDBC URL of a JDBC catalog"
                                + " (jdbc:postgresql://db:5432/iceberg; the PostgreSQL driver is bundled).",
                        CATALOG_GROUP, ++order, Width.LONG, "Catalog URI")
                .define(CATALOG_WAREHOUSE, Type.STRING, null, Importance.HIGH,
                        "Warehouse location (file:///data/warehouse, s3://bucket/path) or, for REST catalogs that"
                                + " serve several, the warehouse's name.",
                        CATALOG_GROUP, ++order, Width.LONG, "Warehouse")
                .define(CATALOG_IO_IMPL, Type.STRING, null, Importance.LOW,
                        "FileIO class for data and metadata files (Iceberg's 'io-impl'); default: the catalog's"
                                + " (Hadoop's file systems for local paths).",
                        CATALOG_GROUP, ++order, Width.LONG, "FileIO class")
                .define(CATALOG_CREDENTIAL, Type.PASSWORD, null, Importance.MEDIUM,
                        "REST catalog OAuth2 client credential, 'client_id:client_secret'.",
                        CATALOG_GROUP, ++order, Width.MEDIUM, "REST credential")
                .define(CATALOG_TOKEN, Type.PASSWORD, null, Importance.MEDIUM, "REST catalog bearer token.",
                        CATALOG_GROUP, ++order, Width.MEDIUM, "REST token")
                .define(CATALOG_JDBC_USER, Type.STRING, null, Importance.MEDIUM, "JDBC catalog database user.",
                        CATALOG_GROUP, ++order, Width.SHORT, "JDBC user")
                .define(CATALOG_JDBC_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "JDBC catalog database password.", CATALOG_GROUP, ++order, Width.SHORT, "JDBC password")
                .define(CATALOG_S3_ACCESS_KEY_ID, Type.STRING, null, Importance.LOW,
                        "S3 access key id for S3FileIO (needs iceberg-aws in the plugin).",
                        CATALOG_GROUP, ++order, Width.MEDIUM, "S3 access key id")
                .define(CATALOG_S3_SECRET_ACCESS_KEY, Type.PASSWORD, null, Importance.LOW,
                        "S3 secret access key for S3FileIO.", CATALOG_GROUP, ++order, Width.MEDIUM, "S3 secret key");
    }

    /** The table keys. */
    public static ConfigDef tablesDef() {
        int order = 0;
        return new ConfigDef()
                .define(NAMESPACE, Type.STRING, "amp", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Namespace of the target tables (dot-separated levels, e.g. 'chain.eth'); created when"
                                + " missing and table.auto.create=true.", TABLES_GROUP, ++order, Width.MEDIUM, "Namespace")
                .define(FORMAT_VERSION, Type.INT, 2, ConfigDef.Range.between(2, 3), Importance.MEDIUM,
                        "Iceberg format version of auto-created tables. 2: invalidated rows become position"
                                + " delete files, nanosecond timestamps are stored as microseconds. 3: deletion vectors"
                                + " and timestamp_ns (readers must support v3).", TABLES_GROUP, ++order, Width.SHORT,
                        "Format version")
                .define(PARTITION_BY, Type.STRING, "", Importance.MEDIUM,
                        "Partition spec of auto-created tables, comma-separated terms: column, identity(c),"
                                + " truncate(c, W), bucket(c, N), year(c), month(c), day(c), hour(c); e.g."
                                + " 'truncate(block_num, 100000)'. Empty: unpartitioned.", TABLES_GROUP, ++order,
                        Width.LONG, "Partition by")
                .define(TARGET_FILE_SIZE_BYTES, Type.LONG, DEFAULT_TARGET_FILE_SIZE, ConfigDef.Range.atLeast(1024 * 1024),
                        Importance.LOW, "A data file is closed and a new one started once it reaches about this size"
                                + " (bytes); a commit's files are never larger.", TABLES_GROUP, ++order, Width.SHORT,
                        "Target file size")
                .define(UINT64_MODE, Type.STRING, Uint64Mode.DECIMAL.configValue(),
                        ConfigDef.ValidString.in(Uint64Mode.configValues().toArray(String[]::new)), Importance.LOW,
                        "Iceberg type of unsigned 64-bit columns of arrow-format records; set it like the source's"
                                + " uint64.mode. decimal: decimal(20,0), every value exact. int64: long, a value above"
                                + " 2^63-1 fails naming the column.", TABLES_GROUP, ++order, Width.SHORT, "UInt64 mode")
                .define(WRITE_THREADS, Type.INT, 2, ConfigDef.Range.between(1, 16), Importance.LOW,
                        "Threads that encode a unit's rows of one table into Parquet at the same time. A unit of at"
                                + " least 2 x " + WriteThreads.MIN_ROWS_PER_THREAD + " rows (a backfill's) is cut into"
                                + " up to this many contiguous row ranges of at least " + WriteThreads.MIN_ROWS_PER_THREAD
                                + " rows, each written into data files of its own, so its commit adds that many files"
                                + " per partition; smaller units (a live tail's) are written on one thread into one file"
                                + " per partition. 1: every unit on one thread (fewer, larger files, slower backfills).",
                        TABLES_GROUP, ++order, Width.SHORT, "Write threads");
    }

    /** Every declared {@code iceberg.*} key. */
    public static ConfigDef configDef() {
        return ConfigDefs.merge(catalogDef(), tablesDef());
    }

    public String catalogName() {
        return getString(CATALOG_NAME);
    }

    /**
     * The properties handed to Iceberg's {@code CatalogUtil}: every {@code iceberg.catalog.<p>} key as
     * {@code <p>}, secrets resolved (so this map must never be logged).
     */
    public Map<String, String> catalogProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : originals.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(CATALOG_PREFIX) && entry.getValue() != null) {
                properties.put(key.substring(CATALOG_PREFIX.length()), entry.getValue());
            }
        }
        for (String secret : DECLARED_SECRETS) {
            Password password = getPassword(secret);
            if (password != null) {
                properties.put(secret.substring(CATALOG_PREFIX.length()), password.value());
            }
        }
        return properties;
    }

    /** The Hadoop {@code Configuration} keys set by {@code iceberg.hadoop.<key>}. */
    public Map<String, String> hadoopProperties() {
        return withPrefix(HADOOP_PREFIX);
    }

    /** Table properties of auto-created tables, from {@code iceberg.tables.auto-create-props.<property>}. */
    public Map<String, String> autoCreateProperties() {
        return withPrefix(AUTO_CREATE_PROPS_PREFIX);
    }

    /** The namespace of the target tables, one level per dot-separated part of {@code iceberg.namespace}. */
    public Namespace namespace() {
        return Namespace.of(getString(NAMESPACE).split("\\."));
    }

    public int formatVersion() {
        return getInt(FORMAT_VERSION);
    }

    public String partitionBy() {
        return getString(PARTITION_BY);
    }

    public long targetFileSizeBytes() {
        return getLong(TARGET_FILE_SIZE_BYTES);
    }

    public int writeThreads() {
        return getInt(WRITE_THREADS);
    }

    public Uint64Mode uint64Mode() {
        return Uint64Mode.fromConfig(getString(UINT64_MODE));
    }

    private Map<String, String> withPrefix(String prefix) {
        Map<String, String> selected = new LinkedHashMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith(prefix) && value != null) {
                selected.put(key.substring(prefix.length()), value);
            }
        });
        return selected;
    }
}
