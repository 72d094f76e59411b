/**
 * amp's wire protocol on Arrow Flight SQL: tickets, call headers and auth, microbatch planning, pieces,
 * keep-alives and watermarks with their {@code app_metadata}.
 */
package dev.ampconnect.simulator.flight;
