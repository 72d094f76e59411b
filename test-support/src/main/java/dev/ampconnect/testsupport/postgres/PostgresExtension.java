package dev.ampconnect.testsupport.postgres;

import dev.ampconnect.testsupport.ClassResourceExtension;

/**
 * Gives each test class a fresh, empty {@link PostgresDatabase} on a real PostgreSQL server shared by
 * the JVM (see {@link PostgresServers} for where the server comes from), and drops it after the class.
 *
 * <pre>{@code
 * class PgSinkIT {
 *     @RegisterExtension
 *     static final PostgresExtension PG = new PostgresExtension();
 *
 *     @Test
 *     void writesRows() {
 *         PostgresDatabase db = PG.database();          // or take a PostgresDatabase parameter
 *         db.execute("CREATE TABLE t (id bigint PRIMARY KEY)");
 *         ...
 *         assertEquals(3L, db.queryValue("SELECT count(*) FROM t", Long.class));
 *     }
 * }
 * }</pre>
 */
public final class PostgresExtension extends ClassResourceExtension<PostgresDatabase> {

    public PostgresExtension() {
        super(PostgresDatabase.class);
    }

    /** This class's database; valid from {@code @BeforeAll} until the class ends. */
    public PostgresDatabase database() {
        return handle();
    }

    @Override
    protected PostgresDatabase open(Class<?> testClass) {
        return PostgresServers.shared().createDatabase(testClass.getSimpleName());
    }
}
