package dev.ampconnect.source.flightsql.stream;

import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.source.flightsql.config.AmpSourceConfig;
import dev.ampconnect.source.flightsql.config.RecordFormat;
import dev.ampconnect.source.flightsql.config.ReconnectBackoff;
import dev.ampconnect.source.flightsql.config.SourceMode;
import dev.ampconnect.source.flightsql.config.StreamConfig;

/**
 * Everything one stream reader needs to know about its stream.
 *
 * @param stream              the stream's own keys
 * @param mode                stream or batch
 * @param format              rows or arrow
 * @param arrowMaxRecordBytes arrow format: the largest IPC payload per record
 * @param conversion          the Arrow -> Connect choices
 * @param reorgMaxDepthBlocks how many blocks of watermarks to remember
 * @param confirmations       blocks a microbatch waits for before it is emitted
 * @param backoff             the reconnect policy
 * @param repeatedReorgMax    reconnects one reorg may cause before the stream fails
 */
public record StreamSettings(StreamConfig stream, SourceMode mode, RecordFormat format, int arrowMaxRecordBytes,
                             ArrowConversionOptions conversion, long reorgMaxDepthBlocks, int confirmations,
                             ReconnectBackoff backoff, int repeatedReorgMax) {

    /** The settings of {@code stream} under a connector config. */
    public static StreamSettings of(AmpSourceConfig config, StreamConfig stream) {
        return new StreamSettings(stream, config.mode(), config.recordFormat(), config.arrowMaxRecordBytes(),
                config.conversionOptions(),
                config.reorgMaxDepthBlocks(), config.confirmations(), config.reconnectBackoff(),
                config.repeatedReorgMax());
    }

    /** The stream's name. */
    public String name() {
        return stream.name();
    }
}
