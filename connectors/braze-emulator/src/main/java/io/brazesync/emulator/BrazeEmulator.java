package io.brazesync.emulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on loopback that behaves like Braze's user-data REST API: {@code /users/track},
 * {@code /users/identify}, {@code /users/alias/new} and {@code /users/delete}, with Braze's
 * authentication, caps, rate limits, validation and partial success, an inspectable model of the
 * workspace's users, and faults injected on the wire.
 *
 * <pre>{@code
 * try (BrazeEmulator emulator = BrazeEmulator.builder().apiKey("test-key").start()) {
 *     // send requests to emulator.baseUrl() + "/users/track"
 *     assertThat(emulator.state().byExternalId("u1")).isPresent();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Every request is recorded (see {@link #requests()}), so a long run should set
 * {@link BrazeEmulatorBuilder#requestHistoryLimit}.
 */
public final class BrazeEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrazeEmulator.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int EVENT_LOOP_THREADS = 4;
    // Bodies a little over the limit must reach the handler, which answers 413 in Braze's order
    // of checks; only far larger ones are cut off by the aggregator itself.
    private static final int AGGREGATOR_SLACK_BYTES = 1024 * 1024;

    private final EmulatorSettings settings;
    private final StateModel state = new StateModel();
    private final RequestJournal journal;
    private final InFlightUsers inFlightUsers = new InFlightUsers();
    private final RequestProcessor processor;
    private final SslContext tls;
    private final EventLoopGroup eventLoops;
    private final Channel serverChannel;
    private final int port;
    private volatile InstalledFaults faults;
    private boolean closed;

    private BrazeEmulator(EmulatorSettings settings) {
        this.settings = settings;
        this.journal = new RequestJournal(settings.requestHistoryLimit());
        this.processor = new RequestProcessor(settings, state);
        this.faults = new InstalledFaults(settings.faults(), 0, settings.clock().instant());
        this.tls = settings.tls() == null ? null : settings.tls().serverContext();
        this.eventLoops =
                new MultiThreadIoEventLoopGroup(
                        EVENT_LOOP_THREADS,
                        new DefaultThreadFactory("braze-emulator", true),
                        NioIoHandler.newFactory());
        try {
            this.serverChannel = bind();
        } catch (RuntimeException e) {
            eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Starts building an emulator; only the API key is required. */
    public static BrazeEmulatorBuilder builder() {
        return new BrazeEmulatorBuilder();
    }

    static BrazeEmulator start(EmulatorSettings settings) {
        BrazeEmulator emulator = new BrazeEmulator(settings);
        LOG.debug("Braze emulator listening on {} with {}", emulator.baseUrl(), settings);
        return emulator;
    }

    /**
     * The URL to send requests to, e.g. {@code http://127.0.0.1:41234} (or {@code https://} when
     * serving TLS), without a slash.
     */
    public String baseUrl() {
        return (tls == null ? "http://" : "https://") + LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * Installs a fault plan; its decisions count from the next request that arrives, and a
     * rate-limit storm starts now.
     */
    public void setFaults(FaultPlan plan) {
        Objects.requireNonNull(plan, "faults must not be null");
        faults = new InstalledFaults(plan, journal.peekSeq(), settings.clock().instant());
        LOG.debug("Installed {}", plan);
    }

    /** Every request received, in arrival order; a copy. */
    public List<RecordedRequest> requests() {
        return journal.requests();
    }

    /** A consistent snapshot of the workspace's users. */
    public BrazeState state() {
        return state.snapshot();
    }

    /**
     * The highest number of requests naming one same user that were in progress at once, from
     * arrival until answer. A sink that keeps per-user order keeps this at 1.
     */
    public int maxConcurrentRequestsPerUser() {
        return inFlightUsers.max();
    }

    /**
     * Forgets users, requests and rate-limit windows, and restarts the current fault plan as if
     * installed now: the next request gets seq 0 again. Meant for between tests, when no request is
     * in flight.
     */
    public synchronized void reset() {
        state.clear();
        journal.clear();
        processor.resetRateLimits();
        inFlightUsers.resetMax();
        faults = new InstalledFaults(faults.plan(), 0, settings.clock().instant());
    }

    /** Forgets the requests recorded so far, keeping the users; for tests that seed state. */
    public void forgetRequests() {
        journal.clear();
    }

    /** Closes every connection and stops the event loops, waiting for them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().syncUninterruptibly();
        eventLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        LOG.debug("Braze emulator on port {} stopped", port);
    }

    private Channel bind() {
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(eventLoops)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel channel) {
                                        if (tls != null) {
                                            channel.pipeline()
                                                    .addLast(tls.newHandler(channel.alloc()));
                                        }
                                        channel.pipeline()
                                                .addLast(new HttpServerCodec())
                                                .addLast(
                                                        new HttpObjectAggregator(aggregatorLimit()))
                                                .addLast(newHandler());
                                    }
                                });
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, settings.port());
        return bootstrap.bind(address).syncUninterruptibly().channel();
    }

    private EmulatorHandler newHandler() {
        return new EmulatorHandler(
                processor,
                journal,
                inFlightUsers,
                () -> faults,
                settings.clock(),
                settings.maxBodyBytes());
    }

    private int aggregatorLimit() {
        return (int)
                Math.min(
                        Integer.MAX_VALUE, (long) settings.maxBodyBytes() + AGGREGATOR_SLACK_BYTES);
    }
}
