package io.brazesync.emulator;

import static io.brazesync.emulator.EmulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate: served to a client that trusts it, and to no other. */
class TlsTest {

    @TempDir static Path directory;

    private static TlsKeyStore keyStore;
    private BrazeEmulator emulator;

    @BeforeAll
    static void generateKeyStore() {
        keyStore = TlsKeyStore.selfSigned(directory);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static String trackFor(String externalId) {
        return "{'attributes':[{'external_id':'" + externalId + "','visits':{'inc':1}}]}";
    }

    @Test
    void servesHttpsToAClientThatTrustsTheCertificate() {
        emulator = BrazeEmulator.builder().apiKey(EmulatorClient.KEY).tls(keyStore).start();
        EmulatorClient client = new EmulatorClient(emulator, keyStore.trustingClientContext());

        HttpResponse<String> response = client.post("/users/track", trackFor("u1"));

        assertThat(emulator.baseUrl()).isEqualTo("https://127.0.0.1:" + emulator.port());
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(emulator.state().byExternalId("u1")).isPresent();
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshakeAndSendsNothing() {
        emulator = BrazeEmulator.builder().apiKey(EmulatorClient.KEY).tls(keyStore).start();
        EmulatorClient client = new EmulatorClient(emulator);

        HttpRequest.Builder request =
                client.request("/users/track")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(trackFor("u1"))));

        assertThatThrownBy(() -> client.sendOrFail(request))
                .isInstanceOf(SSLHandshakeException.class);

        assertThat(emulator.requests()).isEmpty();
        assertThat(emulator.state().profiles()).isEmpty();
    }

    @Test
    void keyStoreNamesItsFileButNotItsPassword() {
        assertThat(keyStore.toString())
                .contains(keyStore.path().toString())
                .doesNotContain(keyStore.password());
    }
}
