/**
 * Reading streams: one reader thread per stream runs sessions (validation, rewinds, reorgs, watermarks),
 * hands records to the task's bounded read-ahead queue directly or through the confirmations gate.
 */
package dev.ampconnect.source.flightsql.stream;
