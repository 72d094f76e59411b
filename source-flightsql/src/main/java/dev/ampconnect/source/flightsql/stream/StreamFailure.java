package dev.ampconnect.source.flightsql.stream;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A stream failed for good (protocol violation, authentication, retries exhausted). Queued in order after
 * the stream's last valid record, so those are still delivered before the task fails.
 *
 * @param stream the stream's name
 * @param error  the error poll() throws, with the full context in its message
 */
public record StreamFailure(String stream, ConnectException error) implements QueueEntry {
}
