package dev.ampconnect.packaging.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every worker of one Connect group shares: the Kafka Connect version, the broker, the group id (which
 * also names the three storage topics), the plugin.path and the worker settings on top of the harness's.
 *
 * @param runtime           the Kafka installation the workers run from
 * @param bootstrapServers  the broker
 * @param groupId           {@code group.id}; storage topics are {@code <groupId>-configs|-offsets|-status}
 * @param pluginPath        {@code plugin.path}: where connector components (unpacked Hub zips) live
 * @param exactlyOnceSource whether {@code exactly.once.source.support=enabled} (KIP-618)
 * @param overrides         worker properties applied over the harness's defaults
 * @param jvmOptions        extra worker JVM options (after the harness's {@code --add-opens}, heap, logging)
 */
public record WorkerGroupSettings(KafkaRuntime runtime, String bootstrapServers, String groupId, Path pluginPath,
                                  boolean exactlyOnceSource, Map<String, String> overrides,
                                  List<String> jvmOptions) {

    public WorkerGroupSettings {
        overrides = Map.copyOf(overrides);
        jvmOptions = List.copyOf(jvmOptions);
    }
}
