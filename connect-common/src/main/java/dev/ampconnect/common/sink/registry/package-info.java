/**
 * What the sink base knows about each target table: the stream it holds, the stream's current source
 * session, and the batch registry (stored plus not yet flushed), with the pure rules of docs/ARCHITECTURE.md
 * sink rules 2-5 (registry, invalidation selection, continuity check, sessions).
 */
package dev.ampconnect.common.sink.registry;
