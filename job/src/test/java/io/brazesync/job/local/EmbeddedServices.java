package io.brazesync.job.local;

import io.brazesync.emulator.BrazeEmulator;
import io.brazesync.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * What the job talks to when it runs on this machine: a real Kafka broker in this JVM, the Braze
 * emulator on loopback, and a file holding the emulator's API key.
 */
public final class EmbeddedServices implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final BrazeEmulator braze;
    private final String apiKey;
    private final Path apiKeyFile;

    private EmbeddedServices(
            EmbeddedKafka kafka, BrazeEmulator braze, String apiKey, Path apiKeyFile) {
        this.kafka = kafka;
        this.braze = braze;
        this.apiKey = apiKey;
        this.apiKeyFile = apiKeyFile;
    }

    public static EmbeddedServices start() throws Exception {
        return start(EmbeddedKafka.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** As {@link #start()}, with a broker that takes records of up to {@code maxMessageBytes}. */
    public static EmbeddedServices start(int maxMessageBytes) throws Exception {
        String apiKey = "local-" + UUID.randomUUID();
        Path keyFile = Files.createTempFile("braze-api-key", ".txt");
        Files.writeString(keyFile, apiKey);
        keyFile.toFile().deleteOnExit();
        EmbeddedKafka kafka = EmbeddedKafka.start(maxMessageBytes);
        BrazeEmulator braze = BrazeEmulator.builder().apiKey(apiKey).start();
        return new EmbeddedServices(kafka, braze, apiKey, keyFile);
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public BrazeEmulator braze() {
        return braze;
    }

    /** The key the emulator accepts; tests use it to look for leaks. */
    public String apiKey() {
        return apiKey;
    }

    /**
     * Posts a request to the emulator the way another Braze client would, to give a test users that
     * exist before the job starts; fails unless Braze answers 201.
     */
    public void postToBraze(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(braze.baseUrl() + path))
                                        .header("Authorization", "Bearer " + apiKey)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "Braze emulator answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A configuration template with this machine's broker, emulator and key file filled in. */
    public String fillIn(String template) {
        String text = template;
        for (Map.Entry<String, String> value :
                Map.of(
                                "${KAFKA_BOOTSTRAP}", kafka.bootstrapServers(),
                                "${BRAZE_ENDPOINT}", braze.baseUrl(),
                                "${BRAZE_API_KEY_FILE}", apiKeyFile.toString())
                        .entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    @Override
    public void close() throws Exception {
        try {
            braze.close();
        } finally {
            kafka.close();
            Files.deleteIfExists(apiKeyFile);
        }
    }
}
