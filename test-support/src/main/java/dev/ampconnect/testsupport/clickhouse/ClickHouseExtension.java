package dev.ampconnect.testsupport.clickhouse;

import dev.ampconnect.testsupport.ClassResourceExtension;

/**
 * Gives each test class an empty {@link ClickHouseDatabase} of its own on a ClickHouse server shared by the
 * JVM (see {@link ClickHouseServers} for where the server comes from).
 *
 * <pre>{@code
 * class ClickHouseStoreIT {
 *     @RegisterExtension
 *     static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();
 *
 *     @Test
 *     void insertsRows(ClickHouseDatabase db) {        // or CLICKHOUSE.database()
 *         Client client = new Client.Builder().addEndpoint(db.url()).setDefaultDatabase(db.name())...;
 *         ...
 *         assertEquals(3, db.count("blocks"));
 *     }
 * }
 * }</pre>
 */
public final class ClickHouseExtension extends ClassResourceExtension<ClickHouseDatabase> {

    public ClickHouseExtension() {
        super(ClickHouseDatabase.class);
    }

    /** This class's database; valid from {@code @BeforeAll} until the class ends. */
    public ClickHouseDatabase database() {
        return handle();
    }

    @Override
    protected ClickHouseDatabase open(Class<?> testClass) {
        return ClickHouseServers.shared().createDatabase(testClass.getSimpleName());
    }
}
