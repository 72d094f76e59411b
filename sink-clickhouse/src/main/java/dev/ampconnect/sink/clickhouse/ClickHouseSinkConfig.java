package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.config.ConfigDefs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The ClickHouse keys ({@code ch.*}): connection, the layout of auto-created tables, extra insert settings. */
public final class ClickHouseSinkConfig extends AbstractConfig {

    public static final String URL = "ch.url";
    public static final String USER = "ch.user";
    public static final String PASSWORD = "ch.password";
    public static final String DATABASE = "ch.database";
    public static final String ORDER_BY = "ch.table.order.by";
    public static final String PARTITION_BY = "ch.table.partition.by";
    public static final String TABLE_SETTINGS = "ch.table.settings";
    public static final String DEDUPLICATION_WINDOW = "ch.table.deduplication.window";
    public static final String INSERT_SETTINGS = "ch.insert.settings";

    private static final String CONNECTION_GROUP = "ClickHouse connection";
    private static final String TABLES_GROUP = "ClickHouse tables";
    private static final String WRITE_GROUP = "ClickHouse writes";
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ClickHouseSinkConfig(Map<String, String> props) {
        super(configDef(), props);
        layout();
        insertSettings();
    }

    /** The connection keys. */
    public static ConfigDef connectionDef() {
        int order = 0;
        return new ConfigDef()
                .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "HTTP(S) endpoint of the ClickHouse server's HTTP interface, e.g. http://clickhouse:8123 (the sink"
                                + " speaks client-v2 over HTTP; no compression).", CONNECTION_GROUP, ++order, Width.LONG, "URL")
                .define(USER, Type.STRING, "default", Importance.HIGH, "ClickHouse user.", CONNECTION_GROUP, ++order,
                        Width.SHORT, "User")
                .define(PASSWORD, Type.PASSWORD, null, Importance.HIGH, "Password of ch.user.", CONNECTION_GROUP, ++order,
                        Width.SHORT, "Password")
                .define(DATABASE, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Database of the target tables and of the sink's own state (the table amp_sink_log and the view"
                                + " amp_sink_progress). It must exist.", CONNECTION_GROUP, ++order, Width.SHORT, "Database");
    }

    /** The layout of auto-created tables. */
    public static ConfigDef tablesDef() {
        int order = 0;
        return new ConfigDef()
                .define(ORDER_BY, Type.STRING, "", Importance.MEDIUM,
                        "ORDER BY expression of auto-created MergeTree tables, e.g. block_num, tx_index (columns of the"
                                + " stream). Empty: _amp_batch_seq for amp streams, tuple() for plain topics.",
                        TABLES_GROUP, ++order, Width.MEDIUM, "ORDER BY")
                .define(PARTITION_BY, Type.STRING, "", Importance.LOW,
                        "PARTITION BY expression of auto-created tables, e.g. intDiv(block_num, 1000000). Empty: no"
                                + " partitioning.", TABLES_GROUP, ++order, Width.MEDIUM, "PARTITION BY")
                .define(TABLE_SETTINGS, Type.LIST, "", Importance.LOW,
                        "Further MergeTree settings of auto-created tables, as name=value items (the value as an SQL"
                                + " literal), e.g. index_granularity=8192,storage_policy='hot'.", TABLES_GROUP, ++order,
                        Width.LONG, "Table settings")
                .define(DEDUPLICATION_WINDOW, Type.INT, ChTableLayout.DEFAULT_DEDUPLICATION_WINDOW,
                        ConfigDef.Range.atLeast(1), Importance.LOW,
                        "non_replicated_deduplication_window of auto-created tables (and of existing plain MergeTree tables"
                                + " without one, when table.auto.evolve is on): how many recent inserts a table remembers"
                                + " by their dedup token, so a retried write is stored once.", TABLES_GROUP, ++order,
                        Width.SHORT, "Dedup window");
    }

    /** Extra settings of the data inserts. */
    public static ConfigDef writeDef() {
        return new ConfigDef()
                .define(INSERT_SETTINGS, Type.LIST, "", Importance.LOW,
                        "Further ClickHouse settings of every data INSERT, as name=value items, e.g."
                                + " max_memory_usage=20000000000,insert_quorum=2. The sink always sets async_insert=0,"
                                + " insert_deduplicate=1, insert_deduplication_token, max_insert_block_size and"
                                + " wait_end_of_query=1 itself; those are refused here.", WRITE_GROUP, 1, Width.LONG,
                        "Insert settings");
    }

    /** Every {@code ch.*} key. */
    public static ConfigDef configDef() {
        return ConfigDefs.merge(connectionDef(), tablesDef(), writeDef());
    }

    public String url() {
        return getString(URL);
    }

    public String user() {
        return getString(USER);
    }

    /** The password, or {@code null}. */
    public String password() {
        Password password = getPassword(PASSWORD);
        return password == null ? null : password.value();
    }

    public String database() {
        return getString(DATABASE);
    }

    /** Opens a client on the configured database. */
    ChClient connect() {
        return ChClient.connect(url(), user(), password(), database());
    }

    /**
     * The layout of auto-created tables.
     *
     * @throws ConfigException naming the key whose expression or setting is unsafe or malformed
     */
    ChTableLayout layout() {
        Map<String, String> settings = settings(TABLE_SETTINGS);
        for (String key : List.of(ORDER_BY, PARTITION_BY)) {
            try {
                new ChTableLayout(getString(key), "", 1, Map.of());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, getString(key), e.getMessage());
            }
        }
        try {
            return new ChTableLayout(getString(ORDER_BY), getString(PARTITION_BY), getInt(DEDUPLICATION_WINDOW), settings);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TABLE_SETTINGS, getList(TABLE_SETTINGS), e.getMessage());
        }
    }

    /**
     * The extra insert settings.
     *
     * @throws ConfigException naming ch.insert.settings when an item is malformed or a setting the sink sets itself
     */
    public Map<String, String> insertSettings() {
        Map<String, String> settings = settings(INSERT_SETTINGS);
        for (String name : settings.keySet()) {
            if (ChInserter.OWN_SETTINGS.contains(name)) {
                throw new ConfigException(INSERT_SETTINGS, getList(INSERT_SETTINGS), "the sink sets " + name
                        + " itself (it is what makes a retried insert safe)");
            }
        }
        return settings;
    }

    /** The {@code name=value} items of a list key, in order. */
    Map<String, String> settings(String key) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String item : getList(key)) {
            int equals = item.indexOf('=');
            String name = equals < 0 ? item.trim() : item.substring(0, equals).trim();
            if (equals < 0 || !SETTING_NAME.matcher(name).matches() || item.substring(equals + 1).isBlank()) {
                throw new ConfigException(key, getList(key), "'" + item + "' is not a name=value setting");
            }
            settings.put(name, item.substring(equals + 1).trim());
        }
        return settings;
    }
}
