package io.brazesync.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.connector.record.BrazeEndpoint;
import io.brazesync.emulator.BrazeEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrazeHttpClientTest {

    @Test
    void keepsBrazesRefusalWithoutTheKeyItNames() throws Exception {
        String key = "bz-refused-5d2f9c1e8a7b";
        try (BrazeEmulator braze =
                        BrazeEmulator.builder()
                                .apiKey("another-key")
                                .namesRefusedKeys(true)
                                .start();
                BrazeHttpClient client =
                        new BrazeHttpClient(braze.baseUrl(), key, Duration.ofSeconds(10), 1)) {

            BrazeResponse response =
                    client.post(
                                    BrazeEndpoint.TRACK,
                                    "{\"attributes\":[{\"external_id\":\"u\",\"a\":1}]}"
                                            .getBytes(StandardCharsets.UTF_8))
                            .get();

            assertThat(response.status()).isEqualTo(401);
            assertThat(braze.requests().get(0).responseBody()).contains(key);
            assertThat(response.body()).doesNotContain(key).contains("Invalid API key: <redacted>");
        }
    }
}
