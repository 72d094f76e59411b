package dev.ampconnect.sink.iceberg;

import dev.ampconnect.common.sink.AmpSinkConfig;
import dev.ampconnect.common.sink.AmpSinkTask;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.sink.iceberg.store.IcebergStore;
import java.util.Map;

/** The Iceberg sink task: the shared sink base over an {@link IcebergStore} (TABLE commit scope). */
public class AmpIcebergSinkTask extends AmpSinkTask {

    @Override
    public void start(Map<String, String> props) {
        super.start(IcebergSinkDefaults.apply(props));
    }

    @Override
    protected SinkStore createStore(AmpSinkConfig config, Map<String, String> props) {
        return IcebergStore.open(config, new IcebergSinkConfig(props));
    }
}
