package io.brazesync.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the emulator records per request, per-user concurrency, and connection handling. */
class RecordingTest {

    private static final String TIME = "'time':'2024-05-01T10:00:00Z'";

    private BrazeEmulator emulator;

    @AfterEach
    void stop() {
        emulator.close();
    }

    private EmulatorClient start(FaultPlan faults) {
        emulator = BrazeEmulator.builder().apiKey(EmulatorClient.KEY).faults(faults).start();
        return new EmulatorClient(emulator);
    }

    @Test
    void recordsRequestsInArrivalOrderWithCountsUsersAndErrors() {
        EmulatorClient client = start(FaultPlan.none());

        client.post(
                "/users/track",
                "{'attributes':[{'external_id':'u1','a':1},"
                        + "{'user_alias':{'alias_name':'n','alias_label':'l'},'a':1}],"
                        + "'events':[{'email':'e@x.io','name':'x'}]}");
        client.post("/users/delete", "{'braze_ids':['emu-1']}");

        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests).extracting(RecordedRequest::seq).containsExactly(0L, 1L);
        RecordedRequest track = requests.get(0);
        assertThat(track.method()).isEqualTo("POST");
        assertThat(track.path()).isEqualTo("/users/track");
        assertThat(track.status()).isEqualTo(201);
        assertThat(track.responded()).isTrue();
        assertThat(track.fault()).isNull();
        assertThat(track.objectCount()).isEqualTo(3);
        assertThat(track.count("attributes")).isEqualTo(2);
        assertThat(track.count("purchases")).isZero();
        assertThat(track.users())
                .containsExactlyInAnyOrder("external_id:u1", "alias:l:n", "email:e@x.io");
        assertThat(track.errors()).extracting(ObjectError::inputArray).containsExactly("events");
        assertThat(track.responseHeaders()).containsKey("X-RateLimit-Remaining");
        assertThat(track.body().get("attributes").get(0).get("external_id").asText())
                .isEqualTo("u1");
        assertThat(track.finishedAtNanos()).isGreaterThanOrEqualTo(track.receivedAtNanos());
        assertThat(requests.get(1).users()).containsExactly("braze_id:emu-1");
        assertThat(requests.get(1).responseBody()).contains("\"deleted\":1");
    }

    @Test
    void tracksMaxConcurrentRequestsPerUser() {
        Duration latency = Duration.ofMillis(300);
        EmulatorClient client = start(FaultPlan.none().latency(latency, latency));

        List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
        for (String user : List.of("u1", "u1", "u1", "u2")) {
            String body = "{'events':[{'external_id':'" + user + "','name':'x'," + TIME + "}]}";
            concurrent.add(client.postAsync("/users/track", body));
        }
        concurrent.forEach(CompletableFuture::join);

        assertThat(emulator.maxConcurrentRequestsPerUser()).isEqualTo(3);
    }

    @Test
    void sequentialRequestsPerUserKeepConcurrencyAtOne() {
        Duration latency = Duration.ofMillis(20);
        EmulatorClient client = start(FaultPlan.none().latency(latency, latency));

        for (int i = 0; i < 5; i++) {
            client.post("/users/track", "{'attributes':[{'external_id':'u1','n':{'inc':1}}]}");
        }

        assertThat(emulator.maxConcurrentRequestsPerUser()).isEqualTo(1);
        assertThat(emulator.state().byExternalId("u1").orElseThrow().attributes().get("n").asInt())
                .isEqualTo(5);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        Duration latency = Duration.ofMillis(100);
        start(FaultPlan.none().latency(latency, latency));
        String valid = EmulatorClient.json("{'attributes':[{'external_id':'u1','a':1}]}");

        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((rawPost(valid, true) + rawPost("{", false)).getBytes(UTF_8));
            out.flush();

            String answers = readAll(socket.getInputStream());

            Matcher statusLines = Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers);
            List<String> statuses = new ArrayList<>();
            while (statusLines.find()) {
                statuses.add(statusLines.group(1));
            }
            assertThat(statuses).containsExactly("201", "400");
        }
    }

    private static String rawPost(String body, boolean keepAlive) {
        return "POST /users/track HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: Bearer "
                + EmulatorClient.KEY
                + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: "
                + body.getBytes(UTF_8).length
                + "\r\n"
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n"
                + body;
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(UTF_8);
    }
}
