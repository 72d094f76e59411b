package dev.ampconnect.sink.redis;

import dev.ampconnect.common.config.ConfigDefs;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The Redis keys ({@code redis.*}): connection, TLS, and how rows become Redis structures. */
public final class RedisSinkConfig extends AbstractConfig {

    public static final String HOST = "redis.host";
    public static final String PORT = "redis.port";
    public static final String DATABASE = "redis.database";
    public static final String USER = "redis.user";
    public static final String PASSWORD = "redis.password";
    public static final String TIMEOUT_MS = "redis.timeout.ms";
    public static final String POOL_MAX_TOTAL = "redis.pool.max.total";

    public static final String TLS_ENABLED = "redis.tls.enabled";
    public static final String TLS_TRUSTSTORE_LOCATION = "redis.tls.truststore.location";
    public static final String TLS_TRUSTSTORE_PASSWORD = "redis.tls.truststore.password";
    public static final String TLS_TRUSTSTORE_TYPE = "redis.tls.truststore.type";
    public static final String TLS_KEYSTORE_LOCATION = "redis.tls.keystore.location";
    public static final String TLS_KEYSTORE_PASSWORD = "redis.tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "redis.tls.keystore.type";
    public static final String TLS_HOSTNAME_VERIFICATION = "redis.tls.hostname.verification";

    public static final String STRUCTURE = "redis.structure";
    public static final String KEY_TEMPLATE = "redis.key.template";
    public static final String MEMBER_TEMPLATE = "redis.member.template";
    public static final String SCORE_FIELD = "redis.score.field";
    public static final String TTL_MS = "redis.ttl.ms";
    public static final String BINARY_FORMAT = "redis.binary.format";
    public static final String KEY_HASH_TAG = "redis.key.hash.tag";
    public static final String STATE_PREFIX = "redis.state.prefix";

    private static final String CONNECTION_GROUP = "Redis connection";
    private static final String TLS_GROUP = "Redis TLS";
    private static final String LAYOUT_GROUP = "Redis layout";

    public RedisSinkConfig(Map<String, String> props) {
        super(configDef(), props);
        RedisStructure structure = structure();
        if (structure.needsMember() && memberTemplate().isEmpty()) {
            throw new ConfigException(MEMBER_TEMPLATE, "", "redis.structure=" + structure.wire()
                    + " needs the member of each row, e.g. ${holder}");
        }
        if (structure == RedisStructure.ZSET && scoreField().isEmpty()) {
            throw new ConfigException(SCORE_FIELD, "", "redis.structure=zset needs the numeric field holding each member's score");
        }
        if (structure == RedisStructure.STRING && binaryFormat() == BinaryFormat.RAW) {
            throw new ConfigException(BINARY_FORMAT, "raw", "redis.structure=string writes each row as JSON text, which cannot"
                    + " hold raw bytes; use hex or base64");
        }
        KeyTemplate.parse(KEY_TEMPLATE, keyTemplateText());
        if (structure.needsMember()) {
            KeyTemplate.parse(MEMBER_TEMPLATE, memberTemplate());
        }
    }

    /** Where the server is and who the sink is. */
    public static ConfigDef connectionDef() {
        int order = 0;
        return new ConfigDef()
                .define(HOST, Type.STRING, "localhost", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Host name of the Redis server.", CONNECTION_GROUP, ++order, Width.MEDIUM, "Host")
                .define(PORT, Type.INT, 6379, ConfigDef.Range.between(1, 65_535), Importance.HIGH,
                        "Port of the Redis server (its TLS port when redis.tls.enabled=true).", CONNECTION_GROUP, ++order,
                        Width.SHORT, "Port")
                .define(DATABASE, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Logical database (SELECT) of every key the sink writes.", CONNECTION_GROUP, ++order,
                        Width.SHORT, "Database")
                .define(USER, Type.STRING, null, Importance.HIGH,
                        "ACL user (Redis 6+). Empty: the default user, authenticated with redis.password when set. The"
                                + " user needs the commands +@read +@write +@scripting +@transaction +ping +info on the"
                                + " configured keys.", CONNECTION_GROUP, ++order, Width.SHORT, "ACL user")
                .define(PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                        "Password of redis.user (or of the default user / requirepass).", CONNECTION_GROUP, ++order,
                        Width.SHORT, "Password")
                .define(TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.atLeast(100), Importance.LOW,
                        "Connect and socket timeout. A unit of work is one Lua script call, so keep it well above the"
                                + " time Redis needs for one flush (about 1 s per 10^5 rows).", CONNECTION_GROUP, ++order,
                        Width.SHORT, "Timeout (ms)")
                .define(POOL_MAX_TOTAL, Type.INT, 4, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Connections the task's pool may open (the task uses one at a time; the rest absorb reconnects).",
                        CONNECTION_GROUP, ++order, Width.SHORT, "Pool size");
    }

    /** TLS to the server. */
    public static ConfigDef tlsDef() {
        int order = 0;
        return new ConfigDef()
                .define(TLS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Connect with TLS (redis-server --tls-port).", TLS_GROUP, ++order, Width.SHORT, "TLS")
                .define(TLS_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "Trust store with the CA of the server certificate. Empty: the JVM's default trust store.",
                        TLS_GROUP, ++order, Width.LONG, "Trust store")
                .define(TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the trust store.",
                        TLS_GROUP, ++order, Width.SHORT, "Trust store password")
                .define(TLS_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Type of the trust store (PKCS12, JKS).", TLS_GROUP, ++order, Width.SHORT, "Trust store type")
                .define(TLS_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "Key store with the client certificate, when the server requires one (tls-auth-clients yes).",
                        TLS_GROUP, ++order, Width.LONG, "Key store")
                .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password of the key store and of its key.", TLS_GROUP, ++order, Width.SHORT, "Key store password")
                .define(TLS_KEYSTORE_TYPE, Type.STRING, "PKCS12", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Type of the key store (PKCS12, JKS).", TLS_GROUP, ++order, Width.SHORT, "Key store type")
                .define(TLS_HOSTNAME_VERIFICATION, Type.BOOLEAN, true, Importance.LOW,
                        "Check that the server certificate names redis.host.", TLS_GROUP, ++order, Width.SHORT,
                        "Verify host name");
    }

    /** How rows become keys and values. */
    public static ConfigDef layoutDef() {
        int order = 0;
        return new ConfigDef()
                .define(STRUCTURE, Type.STRING, "hash", ConfigDef.ValidString.in(RedisStructure.wires()), Importance.HIGH,
                        "What one row becomes. hash: a hash per key, one field per column. string: the row as a JSON"
                                + " object. stream: an XADD entry per row (one field per column); an invalidation appends"
                                + " a control entry. set: SADD of redis.member.template. zset: ZADD of redis.member.template"
                                + " with the score in redis.score.field. (No lists: a list write cannot be undone exactly.)",
                        LAYOUT_GROUP, ++order, Width.SHORT, "Structure")
                .define(KEY_TEMPLATE, Type.STRING, "", Importance.HIGH,
                        "Key of a row: text with ${table} (the target table), ${row} (an id unique per row:"
                                + " topic:partition:offset:index) and ${<field>} (a value field, e.g. ${account}). Empty:"
                                + " ${table}:${row} for hash and string (every row its own key), ${table} for stream, set"
                                + " and zset. A template with field placeholders is keyed: a later row overwrites the key,"
                                + " and the overwritten value is kept as a pre-image until its batch leaves the reorg window.",
                        LAYOUT_GROUP, ++order, Width.LONG, "Key template")
                .define(MEMBER_TEMPLATE, Type.STRING, "", Importance.MEDIUM,
                        "Set or sorted-set member of a row, same placeholders as redis.key.template (e.g. ${holder}).",
                        LAYOUT_GROUP, ++order, Width.MEDIUM, "Member template")
                .define(SCORE_FIELD, Type.STRING, "", Importance.MEDIUM,
                        "Numeric field holding the score of a sorted-set member (Redis scores are doubles: integers"
                                + " are exact up to 2^53).", LAYOUT_GROUP, ++order, Width.SHORT, "Score field")
                .define(TTL_MS, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                        "Expire every key the sink writes this long after its last write (PEXPIRE). 0: never.",
                        LAYOUT_GROUP, ++order, Width.SHORT, "TTL (ms)")
                .define(BINARY_FORMAT, Type.STRING, "hex", ConfigDef.ValidString.in("hex", "base64", "raw"),
                        Importance.LOW, "Text of BYTES columns: hex (0x-prefixed lower-case), base64, or raw (the bytes"
                                + " themselves; hash, stream, set and zset only).", LAYOUT_GROUP, ++order, Width.SHORT,
                        "Binary format")
                .define(KEY_HASH_TAG, Type.BOOLEAN, false, Importance.LOW,
                        "Prefix every data key with {<connector name>}, the hash tag the sink's own keys carry, so a Redis"
                                + " Cluster keeps all keys of the connector in one slot and every unit stays one atomic"
                                + " script (see the README on Redis Cluster).", LAYOUT_GROUP, ++order, Width.SHORT,
                        "Hash-tag data keys")
                .define(STATE_PREFIX, Type.STRING, "amp:", Importance.LOW,
                        "Prefix of the sink's own keys (offsets, registry, pre-images): <prefix>{<connector>}:…",
                        LAYOUT_GROUP, ++order, Width.SHORT, "State key prefix");
    }

    /** Every {@code redis.*} key. */
    public static ConfigDef configDef() {
        return ConfigDefs.merge(connectionDef(), tlsDef(), layoutDef());
    }

    public String host() {
        return getString(HOST);
    }

    public int port() {
        return getInt(PORT);
    }

    public int database() {
        return getInt(DATABASE);
    }

    /** The ACL user, or {@code null}. */
    public String user() {
        String user = getString(USER);
        return user == null || user.isBlank() ? null : user;
    }

    /** The password, or {@code null}. */
    public String password() {
        return value(getPassword(PASSWORD));
    }

    public int timeoutMs() {
        return getInt(TIMEOUT_MS);
    }

    public int poolMaxTotal() {
        return getInt(POOL_MAX_TOTAL);
    }

    public boolean tlsEnabled() {
        return getBoolean(TLS_ENABLED);
    }

    public String truststoreLocation() {
        return blankToNull(getString(TLS_TRUSTSTORE_LOCATION));
    }

    public String truststorePassword() {
        return value(getPassword(TLS_TRUSTSTORE_PASSWORD));
    }

    public String truststoreType() {
        return getString(TLS_TRUSTSTORE_TYPE);
    }

    public String keystoreLocation() {
        return blankToNull(getString(TLS_KEYSTORE_LOCATION));
    }

    public String keystorePassword() {
        return value(getPassword(TLS_KEYSTORE_PASSWORD));
    }

    public String keystoreType() {
        return getString(TLS_KEYSTORE_TYPE);
    }

    public boolean hostnameVerification() {
        return getBoolean(TLS_HOSTNAME_VERIFICATION);
    }

    public RedisStructure structure() {
        return RedisStructure.of(getString(STRUCTURE));
    }

    /** The key template text, the structure's default when empty. */
    public String keyTemplateText() {
        String template = getString(KEY_TEMPLATE);
        return template == null || template.isBlank() ? structure().defaultKeyTemplate() : template;
    }

    public String memberTemplate() {
        String template = getString(MEMBER_TEMPLATE);
        return template == null ? "" : template.trim();
    }

    public String scoreField() {
        String field = getString(SCORE_FIELD);
        return field == null ? "" : field.trim();
    }

    public long ttlMs() {
        return getLong(TTL_MS);
    }

    public BinaryFormat binaryFormat() {
        return BinaryFormat.valueOf(getString(BINARY_FORMAT).toUpperCase(Locale.ROOT));
    }

    public boolean keyHashTag() {
        return getBoolean(KEY_HASH_TAG);
    }

    public String statePrefix() {
        return getString(STATE_PREFIX);
    }

    /** How BYTES values are written. */
    public enum BinaryFormat {
        /** {@code 0x} followed by lower-case hex digits. */
        HEX,
        /** Standard base64 with padding. */
        BASE64,
        /** The bytes themselves (Redis values are binary-safe). */
        RAW
    }

    private static String value(Password password) {
        return password == null ? null : password.value();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
