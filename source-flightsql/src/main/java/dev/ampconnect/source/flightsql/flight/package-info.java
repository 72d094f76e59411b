/** Talking to the amp server: the Flight SQL client with amp's call headers, TLS trust, error classification, validate()'s check. */
package dev.ampconnect.source.flightsql.flight;
