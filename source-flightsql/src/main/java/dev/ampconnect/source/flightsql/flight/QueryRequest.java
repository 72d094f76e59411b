package dev.ampconnect.source.flightsql.flight;

/**
 * One query to issue.
 *
 * @param sql        the SQL text, sent verbatim inside {@code CommandStatementQuery}
 * @param streaming  whether to send {@code amp-stream: true}
 * @param resumeJson the exact {@code amp-resume} value, or {@code null} to start at the earliest block
 */
public record QueryRequest(String sql, boolean streaming, String resumeJson) {
}
