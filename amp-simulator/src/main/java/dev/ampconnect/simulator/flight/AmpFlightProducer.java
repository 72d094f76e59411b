package dev.ampconnect.simulator.flight;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ampconnect.simulator.chain.ChainState;
import dev.ampconnect.simulator.chain.SyntheticChain;
import dev.ampconnect.simulator.data.TableSet;
import dev.ampconnect.simulator.sql.InvalidQueryException;
import dev.ampconnect.simulator.sql.ParsedQuery;
import dev.ampconnect.simulator.sql.QueryParser;
import dev.ampconnect.simulator.sql.UnsupportedConstructException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flight SQL producer speaking amp's protocol (docs/AMP_PROTOCOL.md): {@code GetFlightInfo} on a
 * {@code CommandStatementQuery} reads {@code amp-stream} and {@code amp-resume} and returns one endpoint
 * without location holding a short-lived ticket; {@code DoGet} redeems it and streams microbatches (or,
 * for a batch query, the canonical rows). Every other Flight SQL command is UNIMPLEMENTED.
 */
public final class AmpFlightProducer extends NoOpFlightSqlProducer {

    private static final Logger LOG = LoggerFactory.getLogger(AmpFlightProducer.class);

    /** Header turning a query into a stream ({@code true}/{@code 1}; {@code false}/{@code 0} forces batch). */
    public static final String STREAM_HEADER = "amp-stream";
    /** Header carrying the resume cursor JSON. */
    public static final String RESUME_HEADER = "amp-resume";

    private final SyntheticChain chain;
    private final TableSet tables;
    private final StreamSettings settings;
    private final BufferAllocator allocator;
    private final ActiveStreams streams;
    private final TicketStore tickets;
    private final AtomicLong queryIds = new AtomicLong();
    private final BooleanSupplier synced;

    /**
     * A producer serving {@code chain}'s {@code tables}.
     *
     * @param synced whether the server has data synced; while not, every query gets ampd's answer for tables
     *               with nothing synced: one empty {@code ranges_complete} batch naming no range, then the end
     */
    public AmpFlightProducer(SyntheticChain chain, TableSet tables, StreamSettings settings, BufferAllocator allocator,
                             ActiveStreams streams, BooleanSupplier synced) {
        this.synced = synced;
        this.chain = chain;
        this.tables = tables;
        this.settings = settings;
        this.allocator = allocator;
        this.streams = streams;
        this.tickets = new TicketStore(settings.ticketTtl());
    }

    @Override
    public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
                                             FlightDescriptor descriptor) {
        CallHeadersMiddleware headers = context.getMiddleware(CallHeadersMiddleware.KEY);
        String sql = command.getQuery();
        Boolean streamHeader = streamOverride(headers.header(STREAM_HEADER));
        BoundQuery query;
        try {
            ParsedQuery parsed = QueryParser.parse(sql);
            boolean streaming = streamHeader != null ? streamHeader : Boolean.TRUE.equals(parsed.streamSetting());
            Map<String, BlockCursor> resume = ResumeCursor.parse(headers.header(RESUME_HEADER)).orElse(null);
            if (streaming && headers.header(RESUME_HEADER) != null && resume == null) {
                LOG.warn("ignoring malformed {} header {}; the stream restarts from the earliest block, as ampd's would",
                        RESUME_HEADER, headers.header(RESUME_HEADER));
            }
            query = BoundQuery.bind(sql, parsed, tables, streaming, resume);
        } catch (UnsupportedConstructException e) {
            boolean streaming = streamHeader != null ? streamHeader : Boolean.TRUE.equals(e.streamSetting());
            String message = streaming
                    ? "streaming queries reject aggregates, DISTINCT, LIMIT, OFFSET, ORDER BY, window functions, "
                        + "joins and set operations; this query uses " + e.construct() + ": " + sql
                    : "amp-simulator does not run " + e.construct() + "; " + InvalidQueryException.UNDERSTOOD + ": " + sql;
            throw CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
        } catch (InvalidQueryException e) {
            throw CallStatus.INVALID_ARGUMENT.withDescription("invalid query: " + e.getMessage() + " (query: " + sql + ")")
                    .toRuntimeException();
        }
        Ticket ticket = tickets.issue(query);
        LOG.debug("GetFlightInfo: {} query {}", query.streaming() ? "streaming" : "batch", sql);
        return new FlightInfo(query.schema(), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
    }

    /** {@code true}/{@code 1} and {@code false}/{@code 0}, case-insensitive; anything else is no override (like ampd). */
    private static Boolean streamOverride(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        // Flight SQL's own dispatch turns a garbage ticket into an opaque protobuf error; say what happened.
        try {
            Any any = Any.parseFrom(ticket.getBytes());
            if (any.is(TicketStatementQuery.class)) {
                getStreamStatement(any.unpack(TicketStatementQuery.class), context, listener);
                return;
            }
        } catch (InvalidProtocolBufferException e) {
            // falls through to the NOT_FOUND below
        }
        listener.error(unknownTicket());
    }

    @Override
    public void getStreamStatement(TicketStatementQuery ticketQuery, CallContext context, ServerStreamListener listener) {
        BoundQuery query = tickets.redeem(ticketQuery.getStatementHandle()).orElse(null);
        if (query == null) {
            listener.error(unknownTicket());
            return;
        }
        String description = "query " + queryIds.incrementAndGet() + " (" + (query.streaming() ? "stream" : "batch")
                + " on " + chain.network() + ": " + query.sql() + ")";
        streams.opened();
        try (FlightBatchSender sender = new FlightBatchSender(listener, query.schema(), allocator, streams::shuttingDown)) {
            MicrobatchEmitter emitter = new MicrobatchEmitter(query, sender, settings);
            try {
                if (!synced.getAsBoolean()) {
                    sender.start();
                    sender.sendEmpty(RangeMetadata.json(List.of(), true));
                    sender.complete();
                    LOG.info("{}: nothing synced yet, answered with an empty ranges_complete batch", description);
                } else if (query.streaming()) {
                    BlockCursor cursor = resumeCursor(query);
                    LOG.info("{}: streaming from {}", description, cursor == null ? "the earliest block"
                            : "after block " + cursor.number() + " (" + cursor.hash() + ")");
                    sender.start();
                    new StreamingQueryLoop(chain, settings, emitter, sender, description).run(cursor);
                } else {
                    ChainState state = chain.state();
                    long from = Math.max(MicrobatchPlanner.EARLIEST_BLOCK, query.filter().min());
                    long to = Math.min(state.head(), query.filter().max());
                    sender.start();
                    emitter.emitBatch(state, from, to);
                    sender.complete();
                    LOG.info("{}: sent blocks {}..{} in {} messages", description, from, to, sender.messagesSent());
                }
            } catch (StreamStoppedException e) {
                LOG.info("{}: stopped after {} messages: {}", description, sender.messagesSent(), e.getMessage());
                if (streams.shuttingDown()) {
                    sender.fail(CallStatus.UNAVAILABLE.withDescription("amp-simulator is shutting down").toRuntimeException());
                }
            } catch (FlightRuntimeException e) {
                LOG.info("{}: failed: {}", description, e.status().description());
                sender.fail(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sender.fail(CallStatus.UNAVAILABLE.withDescription("amp-simulator stream interrupted").toRuntimeException());
            } catch (RuntimeException e) {
                LOG.error("{}: failed", description, e);
                sender.fail(CallStatus.INTERNAL.withDescription(description + " failed: " + e).withCause(e)
                        .toRuntimeException());
            }
        } finally {
            streams.closed();
        }
    }

    /** The query's cursor for the chain's network; a well-formed header without that network is an error. */
    private BlockCursor resumeCursor(BoundQuery query) {
        Map<String, BlockCursor> resume = query.resume();
        if (resume == null) {
            return null;
        }
        BlockCursor cursor = resume.get(chain.network());
        if (cursor == null) {
            throw CallStatus.INVALID_ARGUMENT.withDescription(RESUME_HEADER + " has no cursor for network '"
                    + chain.network() + "', the network of this query; it names " + resume.keySet()).toRuntimeException();
        }
        return cursor;
    }

    /** Nothing to release: streams end with the server, tickets with their TTL. */
    @Override
    public void close() {
    }

    private static FlightRuntimeException unknownTicket() {
        return CallStatus.NOT_FOUND.withDescription("unknown, already redeemed or expired ticket: tickets are "
                + "single-use and short-lived; call GetFlightInfo again").toRuntimeException();
    }
}
