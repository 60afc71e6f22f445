package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/** A small HTTP/1.1 client for tests, with the test key and JSON written with single quotes. */
final class EmulatorClient {

    static final String KEY = "test-key";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;

    EmulatorClient(BrazeEmulator emulator) {
        this(emulator, null);
    }

    /** A client whose HTTPS trusts what {@code tls} trusts (the JDK's defaults when null). */
    EmulatorClient(BrazeEmulator emulator, SSLContext tls) {
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.baseUrl = emulator.baseUrl();
    }

    /** Turns {@code {'a':'b'}} into {@code {"a":"b"}}, to keep JSON in tests readable. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode body(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5));
    }

    /** Posts single-quoted JSON with the test key. */
    HttpResponse<String> post(String path, String singleQuotedJson) {
        return send(
                request(path)
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(singleQuotedJson))));
    }

    /** Posts single-quoted JSON with the test key, without waiting: each on its own connection. */
    CompletableFuture<HttpResponse<String>> postAsync(String path, String singleQuotedJson) {
        return http.sendAsync(
                request(path)
                        .header("Authorization", "Bearer " + KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(singleQuotedJson)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return sendOrFail(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends, letting an I/O failure (a dropped connection, a timeout) through. */
    HttpResponse<String> sendOrFail(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
