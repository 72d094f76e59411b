package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.AmpSinkTask;
import dev.ampconnect.common.sink.store.SinkStore;
import java.util.Map;

/** The PostgreSQL sink task: the shared sink base over a {@link PostgresStore}. */
public class AmpPostgresSinkTask extends AmpSinkTask {

    @Override
    protected SinkStore createStore(AmpSinkConfig config, Map<String, String> props) {
        PostgresSinkConfig pg = new PostgresSinkConfig(props);
        String name = config.connectorName();
        PostgresStore store = new PostgresStore(PgConnectionSource.of(pg, "amp-connect " + name), name, pg.schema(),
                config.autoCreate(), config.autoEvolve(), pg.writeMode(), pg.pkFields(), pg.commitScope());
        store.start();
        return store;
    }
}
