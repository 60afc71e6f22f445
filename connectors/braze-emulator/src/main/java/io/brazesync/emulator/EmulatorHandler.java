package io.brazesync.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one connection, one at a time and in order: routes each, injects its
 * fault, lets the {@link RequestProcessor} answer it, records it and writes the answer.
 *
 * <p>Everything of one connection runs on its event loop; delays are scheduled on it rather than
 * slept, so a slow or hanging request never holds up another connection.
 */
final class EmulatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorHandler.class);

    private final RequestProcessor processor;
    private final RequestJournal journal;
    private final InFlightUsers inFlightUsers;
    private final Supplier<InstalledFaults> faults;
    private final Clock clock;
    private final int maxBodyBytes;

    // A client may pipeline; answers must leave in the order the requests came.
    private final Queue<Arrival> waiting = new ArrayDeque<>();
    private boolean busy;
    private Set<String> hangingUsers;

    EmulatorHandler(
            RequestProcessor processor,
            RequestJournal journal,
            InFlightUsers inFlightUsers,
            Supplier<InstalledFaults> faults,
            Clock clock,
            int maxBodyBytes) {
        this.processor = processor;
        this.journal = journal;
        this.inFlightUsers = inFlightUsers;
        this.faults = faults;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A request as it arrived, with its seq and the connection's wish to stay open. */
    private record Arrival(
            long seq, long receivedAtNanos, IncomingRequest request, boolean keepAlive) {}

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
        if (message.decoderResult().isFailure()) {
            LOG.debug("Closing a connection that sent unreadable HTTP");
            write(ctx, ApiResponse.text(400, "400 Bad Request"), false);
            return;
        }
        long receivedAtNanos = System.nanoTime();
        IncomingRequest request =
                IncomingRequest.of(
                        message.method().name(),
                        new QueryStringDecoder(message.uri()).path(),
                        message.headers().get(HttpHeaderNames.AUTHORIZATION),
                        message.headers().get(HttpHeaderNames.CONTENT_TYPE),
                        ByteBufUtil.getBytes(message.content()),
                        maxBodyBytes);
        waiting.add(
                new Arrival(
                        journal.nextSeq(),
                        receivedAtNanos,
                        request,
                        HttpUtil.isKeepAlive(message)));
        if (!busy) {
            serveNext(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (hangingUsers != null) {
            inFlightUsers.exit(hangingUsers);
            hangingUsers = null;
        }
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing a connection after an error", cause);
        ctx.close();
    }

    private void serveNext(ChannelHandlerContext ctx) {
        Arrival arrival = waiting.poll();
        busy = arrival != null;
        if (arrival == null) {
            return;
        }
        IncomingRequest request = arrival.request();

        Optional<Endpoint> endpoint = Endpoint.forPath(request.path());
        if (endpoint.isEmpty()) {
            finish(ctx, arrival, ApiResponse.message(404, "Not found"), null, Set.of());
            return;
        }
        if (!request.method().equals(HttpMethod.POST.name())) {
            ApiResponse notAllowed =
                    ApiResponse.message(405, "Only POST is allowed")
                            .withHeaders(Map.of("Allow", "POST"));
            finish(ctx, arrival, notAllowed, null, Set.of());
            return;
        }

        FaultDecision decision = faults.get().decide(arrival.seq(), clock.instant());
        Set<String> users = TouchedUsers.of(endpoint.get(), request.body());
        inFlightUsers.enter(users);

        if (decision.fault() == Fault.HANG) {
            hang(arrival, users);
            return;
        }
        long delayNanos = decision.delay().toNanos();
        if (delayNanos > 0) {
            ctx.executor()
                    .schedule(
                            () -> serve(ctx, arrival, endpoint.get(), decision, users),
                            delayNanos,
                            TimeUnit.NANOSECONDS);
        } else {
            serve(ctx, arrival, endpoint.get(), decision, users);
        }
    }

    private void serve(
            ChannelHandlerContext ctx,
            Arrival arrival,
            Endpoint endpoint,
            FaultDecision decision,
            Set<String> users) {
        ApiResponse response =
                decision.answersWithoutApplying()
                        ? processor.answerFault(endpoint, decision)
                        : processor.process(endpoint, arrival.request());
        if (decision.fault() == Fault.TRUNCATED_ANSWER) {
            response = response.cutInTheMiddle();
        }
        inFlightUsers.exit(users);

        if (decision.fault() == Fault.DROP_AFTER_APPLY) {
            record(arrival, response, false, decision.fault(), users);
            LOG.debug("Request {} applied, dropping its connection", arrival.seq());
            ctx.close();
            return;
        }
        finish(ctx, arrival, response, decision.fault(), users);
    }

    private void hang(Arrival arrival, Set<String> users) {
        // The users stay in flight until the client gives up and closes the connection.
        hangingUsers = users;
        record(arrival, null, false, Fault.HANG, users);
        LOG.debug("Request {} hangs until its client gives up", arrival.seq());
    }

    private void finish(
            ChannelHandlerContext ctx,
            Arrival arrival,
            ApiResponse response,
            Fault fault,
            Set<String> users) {
        // A client that gave up during a delay finds nothing to read; the request still counts.
        boolean open = ctx.channel().isActive();
        record(arrival, response, open, fault, users);
        LOG.debug(
                "Request {} to {} answered {} (fault {})",
                arrival.seq(),
                arrival.request().path(),
                response.status(),
                fault);
        if (open) {
            write(ctx, response, arrival.keepAlive())
                    .addListener(
                            future -> {
                                if (arrival.keepAlive() && future.isSuccess()) {
                                    serveNext(ctx);
                                }
                            });
        }
    }

    private void record(
            Arrival arrival,
            ApiResponse response,
            boolean responded,
            Fault fault,
            Set<String> users) {
        journal.record(
                new RecordedRequest(
                        arrival.seq(),
                        arrival.request(),
                        arrival.receivedAtNanos(),
                        System.nanoTime(),
                        response,
                        responded,
                        fault,
                        users));
    }

    private static ChannelFuture write(
            ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive) {
        ByteBuf content = Unpooled.copiedBuffer(response.body(), UTF_8);
        FullHttpResponse httpResponse =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        HttpResponseStatus.valueOf(response.status()),
                        content);
        httpResponse.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        httpResponse.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        response.headers().forEach((name, value) -> httpResponse.headers().set(name, value));
        HttpUtil.setKeepAlive(httpResponse, keepAlive);

        ChannelFuture written = ctx.writeAndFlush(httpResponse);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }
}
