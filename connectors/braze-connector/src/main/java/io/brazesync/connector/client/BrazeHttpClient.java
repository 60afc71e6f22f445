package io.brazesync.connector.client;

import io.brazesync.connector.record.BrazeEndpoint;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;
import org.asynchttpclient.AsyncCompletionHandler;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.DefaultAsyncHttpClient;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;
import org.asynchttpclient.HttpResponseBodyPart;
import org.asynchttpclient.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts request bodies to Braze over HTTP with async-http-client, on an event loop of its own.
 *
 * <p>The client owns its netty event loop and waits for it to stop in {@link #close()}: on a Flink
 * cluster the job's classes are unloaded when a task ends, and netty threads still running then
 * fail with {@code NoClassDefFoundError}.
 */
@Internal
public final class BrazeHttpClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrazeHttpClient.class);

    /**
     * How much of an answer's body is read. Braze's largest answer, a partial success naming each
     * object of a full batch, is some 20 KB; a Braze body cut here would read as not JSON. A
     * proxy's page beyond it is dropped unread.
     */
    private static final int MAX_BODY_BYTES_KEPT = 64 * 1024;

    private static final String REDACTED = "<redacted>";

    private final String endpoint;
    private final String apiKey;
    private final String authorization;
    private final EventLoopGroup eventLoop;
    private final AsyncHttpClient http;

    public BrazeHttpClient(
            String endpoint, String apiKey, Duration requestTimeout, int maxConnections) {
        this.endpoint = BrazeEndpointUrl.check(endpoint);
        this.apiKey = apiKey;
        this.authorization = "Bearer " + apiKey;
        this.eventLoop =
                new MultiThreadIoEventLoopGroup(
                        1, new DefaultThreadFactory("braze-http", true), NioIoHandler.newFactory());
        DefaultAsyncHttpClientConfig config =
                new DefaultAsyncHttpClientConfig.Builder()
                        .setEventLoopGroup(eventLoop)
                        .setRequestTimeout(requestTimeout)
                        .setReadTimeout(requestTimeout)
                        .setConnectTimeout(Duration.ofSeconds(10))
                        .setMaxConnections(maxConnections)
                        .setMaxConnectionsPerHost(maxConnections)
                        .setMaxRequestRetry(0)
                        .setFollowRedirect(false)
                        .setKeepAlive(true)
                        .setUserAgent("braze-sync")
                        .setShutdownQuietPeriod(Duration.ZERO)
                        .setShutdownTimeout(Duration.ofSeconds(2))
                        .build();
        this.http = new DefaultAsyncHttpClient(config);
    }

    /** Posts a JSON body; the future fails on a timeout or a connection error. */
    public CompletableFuture<BrazeResponse> post(BrazeEndpoint target, byte[] body) {
        return http.preparePost(endpoint + target.path())
                .setHeader("Authorization", authorization)
                .setHeader("Content-Type", "application/json")
                .setHeader("Accept", "application/json")
                .setBody(body)
                .execute(new BoundedBody())
                .toCompletableFuture()
                .thenApply(this::toResponse);
    }

    /** The checked endpoint this client posts to, without a trailing slash; holds no secret. */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Keeps Braze's answer without the key: Braze's 401 names the key it refused, and the body goes
     * on into exception messages, logs and dead-letter headers.
     */
    private BrazeResponse toResponse(Response response) {
        HttpHeaders headers = response.getHeaders();
        String body = response.getResponseBody(StandardCharsets.UTF_8).replace(apiKey, REDACTED);
        if (body.length() > MAX_BODY_BYTES_KEPT) {
            body = body.substring(0, MAX_BODY_BYTES_KEPT);
        }
        return new BrazeResponse(
                response.getStatusCode(),
                body,
                header(headers, "X-RateLimit-Limit"),
                header(headers, "X-RateLimit-Remaining"),
                header(headers, "X-RateLimit-Reset"));
    }

    private static OptionalLong header(HttpHeaders headers, String name) {
        String value = headers.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of((long) Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Collects an answer, keeping at most {@value #MAX_BODY_BYTES_KEPT} bytes of its body. */
    private static final class BoundedBody extends AsyncCompletionHandler<Response> {

        private long bodyBytes;

        @Override
        public State onBodyPartReceived(HttpResponseBodyPart part) throws Exception {
            boolean keep = bodyBytes < MAX_BODY_BYTES_KEPT;
            bodyBytes += part.length();
            return keep ? super.onBodyPartReceived(part) : State.CONTINUE;
        }

        @Override
        public Response onCompleted(Response response) {
            return response;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            http.close();
        } finally {
            boolean stopped =
                    eventLoop
                            .shutdownGracefully(0, 2, TimeUnit.SECONDS)
                            .awaitUninterruptibly(10, TimeUnit.SECONDS);
            if (!stopped) {
                LOG.warn("The Braze HTTP event loop did not stop within 10 seconds");
            }
        }
    }
}
