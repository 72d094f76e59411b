/**
 * The amp stream protocol core (docs/AMP_PROTOCOL.md): pure logic, no Kafka client, no Arrow, that the
 * source connector drives with the {@code app_metadata} of every FlightData message.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.ampconnect.common.protocol.AmpBatchMetadata}: the per-message {@code app_metadata} JSON.</li>
 *   <li>{@link dev.ampconnect.common.protocol.ResumeCursor}: the {@code amp-resume} header, built and parsed
 *       strictly because the server silently ignores a malformed one and restarts at its earliest block.</li>
 *   <li>{@link dev.ampconnect.common.protocol.WatermarkHistory}: recent completed microbatches, sized in blocks,
 *       with a compact offset form.</li>
 *   <li>{@link dev.ampconnect.common.protocol.StreamValidator}: the reorg detector; answers each message with a
 *       {@link dev.ampconnect.common.protocol.StreamEvent} ({@code SameBatch}, {@code NextBatch}, {@code Reorg}) or
 *       throws {@link dev.ampconnect.common.protocol.AmpProtocolException}, whose
 *       {@link dev.ampconnect.common.protocol.AmpProtocolException.Violation} names the broken rule. The rules are one
 *       function each in {@code StreamRules}.</li>
 * </ul>
 *
 * <h2>Rules, per network, with prev = the last range seen and incoming = the new one</h2>
 * <ol>
 *   <li>Every message has at least one range, at most one per network; every range has a {@code 0x}+64-hex hash;
 *       a range starting after block 0 has a non-zero {@code prev_hash}.</li>
 *   <li>The set of networks never changes.</li>
 *   <li>{@code incoming == prev} on every network (start, end, hash, prev_hash; timestamps do NOT count, nor
 *       does the order of the ranges): {@code SameBatch} — a data piece, a keep-alive, or the watermark. When the
 *       microbatch was already marked complete it is a repeat: {@code alreadyComplete}, emit nothing.</li>
 *   <li>{@code incoming.start == prev.end + 1}: {@code prev_hash == prev.hash} is required (else
 *       {@code HASH_CHAIN_BREAK}); {@code incoming.start > prev.end + 1} is a {@code FORWARD_GAP}. A network whose
 *       range is identical to its previous one while another network advances counts as unchanged (the general
 *       multi-network case; a streaming query has one network). If no network went back: {@code NextBatch} —
 *       but only once the previous microbatch got its {@code ranges_complete} watermark ({@code MISSING_WATERMARK}).</li>
 *   <li>{@code incoming.start <= prev.end} and not identical: a reorg. Keep-alives are validated like any message,
 *       so a keep-alive carrying the next microbatch's range can be the first sign of one.</li>
 * </ol>
 *
 * <h2>Reorg recovery</h2>
 * Sinks delete whole microbatches, so an invalidation must start on a microbatch boundary:
 * <ul>
 *   <li>recovery point = the newest recorded watermark whose end is before {@code incoming.start} on every network
 *       that went back; every microbatch after it is on the abandoned fork, including one {@code incoming.start}
 *       falls in the middle of;</li>
 *   <li>invalidate, per network, {@code recovery.end + 1 ..= max(incoming.end, prev.end)} (skipped when empty, i.e.
 *       a network that did not move since the recovery point);</li>
 *   <li>accept {@code incoming} as the new fork's first microbatch only if, on every network, it starts at
 *       {@code recovery.end + 1} AND its {@code prev_hash} is the recovery point's hash (or it equals the recovery
 *       point's range). A mismatching parent means the fork is deeper than the recovery point: the caller reconnects
 *       with {@code amp-resume} = the recovery point, the server re-checks that hash and walks back further if
 *       needed, and the validator sees a second, deeper jump. Reconnecting is always safe; accepting is only an
 *       optimisation;</li>
 *   <li>the validator moves to the recovery point itself (history cut there; {@code cursor()} = recovery cursor;
 *       the next message is checked as the first after a resume), so the caller just follows the {@code Reorg}.</li>
 * </ul>
 *
 * <h2>The stream's beginning, and "deeper than the history"</h2>
 * A reorg is <b>deeper than the history</b> when no recorded watermark ends before {@code incoming.start}
 * and the stream's beginning is not a valid recovery point either. Then the task fails with
 * {@code REORG_DEEPER_THAN_HISTORY}, saying it is unrecoverable and naming the rewind
 * ({@code PUT /connectors/<connector>/stop}, {@code PATCH /connectors/<connector>/offsets}, {@code PUT .../resume}).
 * The beginning is a valid recovery point while nothing before it was ever delivered and it has not been pruned:
 * for a stream started without a cursor ({@code fromStart}), its first block, until the history drops the first
 * microbatch; for a resumed stream, block 0 if the stored history still starts there. In that case:
 * <ul>
 *   <li>{@code incoming.start <=} the first block (the spec's plain rule, e.g. the empty history at stream start):
 *       invalidate {@code incoming.start ..= max(incoming.end, prev.end)} and accept incoming;</li>
 *   <li>{@code incoming} lands inside the first microbatch: invalidate from the first block (a boundary, not
 *       {@code incoming.start}) and reconnect WITHOUT {@code amp-resume} ({@code Reorg.recoveryPoint()} empty).</li>
 * </ul>
 * Limitation: a resumed stream whose history reaches its beginning at a block other than 0 (a dataset starting
 * at block N) does not know that entry is the beginning; a reorg into it is reported as deeper than the history.
 *
 * <h2>History size</h2>
 * Sized in blocks ({@code reorg.max.depth.blocks}), never in watermarks: it keeps every watermark within the depth
 * of the newest one, the newest always, plus the newest watermark below that window (the floor). Without the floor,
 * after a 1000-block microbatch at the head a 3-block reorg finds no boundary; with it, any reorg whose fork point
 * is at most {@code maxDepthBlocks} below the newest watermark is recoverable (proved over generated chains in
 * {@code StreamValidatorPropertyTest}). With several networks a watermark is dropped only when the floor is deep
 * enough on every network.
 *
 * <h2>Resuming</h2>
 * {@link dev.ampconnect.common.protocol.StreamValidator#resumeFrom} seeds the validator with the stored cursor and
 * history (the cursor must be one of the history's watermarks — newer ones are dropped — or the history empty).
 * A reorg that happened while the task was down then shows up as a backwards jump on the first message. The first
 * message after any resume (restart, or reconnect after a reorg) that starts at block 0, or before the oldest
 * stored watermark, means the server ignored the cursor: {@code RESUME_IGNORED}, rather than re-ingest everything
 * (before-the-oldest can also be a reorg deeper than the history while the task was down; the message says so).
 *
 * <h2>Source offset</h2>
 * The source stores {@code {"v":1,"cursor":<ResumeCursor.toHeaderValue()>,"history":<WatermarkHistory.toOffsetValue()>}},
 * updated at watermarks ({@code markComplete} returned true) and after each {@code Reorg}; with no cursor yet
 * (a fresh stream before its first watermark), nothing needs storing.
 */
package dev.ampconnect.common.protocol;
