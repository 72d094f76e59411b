/** The versioned source offset {@code {v, cursor, history}} of a stream and its codec. */
package dev.ampconnect.source.flightsql.offset;
