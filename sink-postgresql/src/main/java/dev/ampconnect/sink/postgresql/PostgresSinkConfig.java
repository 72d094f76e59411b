package dev.ampconnect.sink.postgresql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The PostgreSQL keys ({@code pg.*}): connection and write mode. */
public final class PostgresSinkConfig extends AbstractConfig {

    public static final String URL = "pg.url";
    public static final String USER = "pg.user";
    public static final String PASSWORD = "pg.password";
    public static final String SCHEMA = "pg.schema";
    public static final String WRITE_MODE = "pg.write.mode";
    public static final String PK_FIELDS = "pg.pk.fields";
    public static final String COMMIT_SCOPE = "pg.commit.scope";

    private static final String CONNECTION_GROUP = "PostgreSQL connection";
    private static final String WRITE_GROUP = "PostgreSQL writes";
    private static final String TESTING_GROUP = "PostgreSQL testing";

    /** How rows are written. */
    public enum WriteMode {
        /** Binary COPY of every row; invalidations delete whole batches by their sequence. */
        APPEND,
        /**
         * One row per primary key ({@code pg.pk.fields}): staging table + {@code INSERT … ON CONFLICT}; the
         * row a batch overwrites is kept as a pre-image and restored when the batch is invalidated.
         */
        UPSERT
    }

    public PostgresSinkConfig(Map<String, String> props) {
        super(configDef(), props);
        if (writeMode() == WriteMode.UPSERT && pkFields().isEmpty()) {
            throw new ConfigException(PK_FIELDS, "", "upsert mode needs the primary key fields");
        }
    }

    /** The connection keys. */
    public static ConfigDef connectionDef() {
        int order = 0;
        return new ConfigDef()
                .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/chain (pgjdbc URL parameters such as"
                                + " sslmode are passed through).", CONNECTION_GROUP, ++order, Width.LONG, "JDBC URL")
                .define(USER, Type.STRING, null, Importance.HIGH, "Database user (or set it in the URL).",
                        CONNECTION_GROUP, ++order, Width.SHORT, "User")
                .define(PASSWORD, Type.PASSWORD, null, Importance.HIGH, "Password of pg.user.", CONNECTION_GROUP,
                        ++order, Width.SHORT, "Password")
                .define(SCHEMA, Type.STRING, "public", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Schema of the target tables and of the sink's own tables (amp_sink_offsets, amp_sink_tables,"
                                + " amp_sink_batches, amp_sink_progress).", CONNECTION_GROUP, ++order, Width.SHORT, "Schema");
    }

    /** The write keys. */
    public static ConfigDef writeDef() {
        int order = 0;
        return new ConfigDef()
                .define(WRITE_MODE, Type.STRING, "append", ConfigDef.ValidString.in("append", "upsert"),
                        Importance.HIGH, "append: every row is inserted (binary COPY). upsert: one row per primary key"
                                + " (pg.pk.fields), overwritten rows kept as pre-images for reorg.max.depth.blocks and"
                                + " restored when their batch is invalidated.", WRITE_GROUP, ++order, Width.SHORT, "Write mode")
                .define(PK_FIELDS, Type.LIST, List.of(), Importance.MEDIUM,
                        "Value fields forming the primary key in upsert mode (the table needs a unique index on them;"
                                + " auto-created tables get a PRIMARY KEY).", WRITE_GROUP, ++order, Width.MEDIUM,
                        "Primary key fields");
    }

    /** Keys for testing the sink base, not for production. */
    public static ConfigDef testingDef() {
        return new ConfigDef()
                .define(COMMIT_SCOPE, Type.STRING, "unit", ConfigDef.ValidString.in("unit", "table", "idempotent"),
                        Importance.LOW, "Testing only: how units of work are committed. unit (the default and the only"
                                + " production setting): one transaction per unit. table and idempotent run the writes the"
                                + " way the Iceberg (per-table commits) and ClickHouse (idempotent steps, offsets last) sinks"
                                + " must, so the conformance kit proves the sink base's guarantees for those commit scopes on a"
                                + " real database; they are slower and need extra state tables (amp_sink_table_offsets,"
                                + " amp_sink_units, amp_sink_unit_tokens).", TESTING_GROUP, 1, Width.SHORT, "Commit scope");
    }

    /** Every {@code pg.*} key. */
    public static ConfigDef configDef() {
        return dev.ampconnect.common.config.ConfigDefs.merge(connectionDef(), writeDef(), testingDef());
    }

    /** The commit scope the store runs in (pg.commit.scope). */
    public dev.ampconnect.common.sink.store.CommitScope commitScope() {
        return dev.ampconnect.common.sink.store.CommitScope.valueOf(getString(COMMIT_SCOPE).toUpperCase(Locale.ROOT));
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

    public String schema() {
        return getString(SCHEMA);
    }

    public WriteMode writeMode() {
        return WriteMode.valueOf(getString(WRITE_MODE).toUpperCase(Locale.ROOT));
    }

    public List<String> pkFields() {
        return getList(PK_FIELDS);
    }
}
