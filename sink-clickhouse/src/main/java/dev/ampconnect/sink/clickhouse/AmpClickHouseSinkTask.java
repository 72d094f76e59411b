package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.AmpSinkTask;
import dev.ampconnect.common.sink.store.SinkStore;
import java.util.Map;

/** The ClickHouse sink task: the shared sink base over a {@link ClickHouseStore} (IDEMPOTENT commit scope). */
public class AmpClickHouseSinkTask extends AmpSinkTask {

    @Override
    protected SinkStore createStore(AmpSinkConfig config, Map<String, String> props) {
        ClickHouseSinkConfig ch = new ClickHouseSinkConfig(props);
        ChClient client = ch.connect();
        try {
            ClickHouseStore store = new ClickHouseStore(client, config.connectorName(), ch.layout(), config.autoCreate(),
                    config.autoEvolve(), ch.insertSettings());
            store.start();
            return store;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
