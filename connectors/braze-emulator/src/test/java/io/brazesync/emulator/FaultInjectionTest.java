package io.brazesync.emulator;

import static io.brazesync.emulator.EmulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults as a client sees them on the wire, and what each does to the state. */
class FaultInjectionTest {

    private final List<BrazeEmulator> emulators = new ArrayList<>();

    @AfterEach
    void stop() {
        emulators.forEach(BrazeEmulator::close);
    }

    private BrazeEmulator start(FaultPlan faults) {
        return start(BrazeEmulator.builder().apiKey(EmulatorClient.KEY).faults(faults));
    }

    private BrazeEmulator start(BrazeEmulatorBuilder builder) {
        BrazeEmulator emulator = builder.start();
        emulators.add(emulator);
        return emulator;
    }

    private static String trackFor(String externalId) {
        return "{'attributes':[{'external_id':'" + externalId + "','visits':{'inc':1}}]}";
    }

    private static HttpRequest.Builder track(EmulatorClient client, String externalId) {
        return client.request("/users/track")
                .header("Authorization", "Bearer " + EmulatorClient.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(trackFor(externalId))));
    }

    /** What a client saw for each of 40 sequential requests: a status, or "dropped". */
    private List<String> outcomesOf(BrazeEmulator emulator) {
        EmulatorClient client = new EmulatorClient(emulator);
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                outcomes.add(
                        Integer.toString(client.sendOrFail(track(client, "u" + i)).statusCode()));
            } catch (IOException e) {
                outcomes.add("dropped");
            }
        }
        return outcomes;
    }

    @Test
    void seededFaultPlanReplaysIdentically() {
        FaultPlan plan = FaultPlan.seeded(42).serverErrors(0.3).dropAfterApply(0.2);

        List<String> first = outcomesOf(start(plan));
        List<String> second = outcomesOf(start(plan));

        assertThat(first).isEqualTo(second);
        assertThat(first).contains("201", "dropped").anyMatch(outcome -> outcome.startsWith("50"));
        assertThat(emulators.get(0).requests())
                .extracting(RecordedRequest::fault)
                .isEqualTo(
                        emulators.get(1).requests().stream().map(RecordedRequest::fault).toList());
        assertThat(emulators.get(0).state().profiles())
                .hasSameSizeAs(emulators.get(1).state().profiles());
    }

    @Test
    void dropAfterApplyAppliesButClosesConnection() {
        BrazeEmulator emulator = start(FaultPlan.none().dropAfterApply(1.0));
        EmulatorClient client = new EmulatorClient(emulator);

        assertThatThrownBy(() -> client.sendOrFail(track(client, "u1")))
                .isInstanceOf(IOException.class);

        assertThat(
                        emulator.state()
                                .byExternalId("u1")
                                .orElseThrow()
                                .attributes()
                                .get("visits")
                                .asInt())
                .isEqualTo(1);
        RecordedRequest recorded = emulator.requests().get(0);
        assertThat(recorded.fault()).isEqualTo(Fault.DROP_AFTER_APPLY);
        assertThat(recorded.status()).isEqualTo(201);
        assertThat(recorded.responded()).isFalse();
    }

    @Test
    void hangNeverAnswersNorAppliesAndKeepsOtherConnectionsServed() {
        BrazeEmulator emulator = start(FaultPlan.none().hang(1.0));
        EmulatorClient client = new EmulatorClient(emulator);

        assertThatThrownBy(
                        () ->
                                client.sendOrFail(
                                        track(client, "u1").timeout(Duration.ofMillis(300))))
                .isInstanceOf(IOException.class);
        emulator.setFaults(FaultPlan.none());
        HttpResponse<String> next = client.send(track(client, "u2"));

        assertThat(next.statusCode()).isEqualTo(201);
        assertThat(emulator.state().byExternalId("u1")).isEmpty();
        RecordedRequest hung = emulator.requests().get(0);
        assertThat(hung.fault()).isEqualTo(Fault.HANG);
        assertThat(hung.status()).isZero();
        assertThat(hung.responded()).isFalse();
    }

    @Test
    void serverErrorsAnswerPlainText5xxWithoutApplying() {
        BrazeEmulator emulator = start(FaultPlan.seeded(3).serverErrors(1.0));
        EmulatorClient client = new EmulatorClient(emulator);

        HttpResponse<String> response = client.send(track(client, "u1"));

        assertThat(response.statusCode()).isIn(500, 502, 503, 504);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/plain");
        assertThat(emulator.state().profiles()).isEmpty();
        assertThat(emulator.requests().get(0).fault()).isEqualTo(Fault.SERVER_ERROR);
    }

    @Test
    void htmlErrorsAnswer502WithAProxysPageWithoutApplying() {
        BrazeEmulator emulator = start(FaultPlan.seeded(3).htmlErrors(1.0));
        EmulatorClient client = new EmulatorClient(emulator);

        HttpResponse<String> response = client.send(track(client, "u1"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/html");
        assertThat(response.body()).startsWith("<html>").contains("<title>502 Bad Gateway</title>");
        assertThat(emulator.state().profiles()).isEmpty();
        assertThat(emulator.requests().get(0).fault()).isEqualTo(Fault.HTML_ERROR);
    }

    @Test
    void truncatedAnswersApplyThenCutTheJsonInTheMiddle() {
        BrazeEmulator emulator = start(FaultPlan.seeded(3).truncatedAnswers(1.0));
        EmulatorClient client = new EmulatorClient(emulator);

        HttpResponse<String> response = client.send(track(client, "u1"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/json");
        assertThatThrownBy(() -> EmulatorClient.body(response))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(response.body()).startsWith("{\"message\"").doesNotEndWith("}");
        assertThat(
                        emulator.state()
                                .byExternalId("u1")
                                .orElseThrow()
                                .attributes()
                                .get("visits")
                                .asInt())
                .isEqualTo(1);
        RecordedRequest recorded = emulator.requests().get(0);
        assertThat(recorded.fault()).isEqualTo(Fault.TRUNCATED_ANSWER);
        assertThat(recorded.status()).isEqualTo(201);
        assertThat(recorded.responseBody()).isEqualTo(response.body());
    }

    @Test
    void htmlSuccessAnswers200WithACaptivePortalPageWithoutApplying() {
        BrazeEmulator emulator = start(FaultPlan.seeded(3).htmlSuccess(1.0));
        EmulatorClient client = new EmulatorClient(emulator);

        HttpResponse<String> response = client.send(track(client, "u1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/html");
        assertThat(response.body()).contains("<title>Network sign-in required</title>");
        assertThat(emulator.state().profiles()).isEmpty();
        assertThat(emulator.requests().get(0).fault()).isEqualTo(Fault.HTML_SUCCESS);
    }

    @Test
    void answerFaultsReplayIdentically() {
        FaultPlan plan = FaultPlan.seeded(17).htmlErrors(0.3).truncatedAnswers(0.3);

        List<String> first = outcomesOf(start(plan));
        List<String> second = outcomesOf(start(plan));

        assertThat(first).isEqualTo(second).contains("201", "502");
        assertThat(emulators.get(0).requests())
                .extracting(RecordedRequest::fault)
                .isEqualTo(
                        emulators.get(1).requests().stream().map(RecordedRequest::fault).toList())
                .contains(Fault.HTML_ERROR, Fault.TRUNCATED_ANSWER);
    }

    @Test
    void failNextAnswersScriptedStatusesThenServesNormally() {
        BrazeEmulator emulator = start(BrazeEmulator.builder().apiKey(EmulatorClient.KEY));
        EmulatorClient client = new EmulatorClient(emulator);
        client.send(track(client, "u0"));

        emulator.setFaults(FaultPlan.none().failNext(2, 503).failNext(1, 429));
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> rateLimited = null;
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> response = client.send(track(client, "u" + i));
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                rateLimited = response;
            }
        }

        assertThat(statuses).containsExactly(503, 503, 429, 201);
        assertThat(rateLimited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(emulator.state().profiles())
                .extracting(Profile::externalId)
                .containsExactly("u0", "u4");
    }

    @Test
    void rateLimitStormAnswers429UntilItsEnd() {
        MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00.250Z"));
        BrazeEmulator emulator =
                start(BrazeEmulator.builder().apiKey(EmulatorClient.KEY).clock(clock));
        EmulatorClient client = new EmulatorClient(emulator);

        emulator.setFaults(FaultPlan.none().rateLimitStorm(Duration.ofSeconds(10)));
        HttpResponse<String> during = client.send(track(client, "u1"));
        clock.advance(Duration.ofSeconds(10));
        HttpResponse<String> after = client.send(track(client, "u1"));

        assertThat(during.statusCode()).isEqualTo(429);
        assertThat(during.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(during.headers().firstValue("X-RateLimit-Reset"))
                .hasValue(Long.toString(Instant.parse("2024-05-01T10:00:11Z").getEpochSecond()));
        assertThat(after.statusCode()).isEqualTo(201);
        assertThat(
                        emulator.state()
                                .byExternalId("u1")
                                .orElseThrow()
                                .attributes()
                                .get("visits")
                                .asInt())
                .isEqualTo(1);
    }

    @Test
    void latencyDelaysEveryRequestWithoutBlockingTheEventLoops() {
        Duration latency = Duration.ofMillis(500);
        BrazeEmulator emulator = start(FaultPlan.none().latency(latency, latency));
        EmulatorClient client = new EmulatorClient(emulator);
        long started = System.nanoTime();

        // 16 connections over 4 event loops: sleeping on a loop would take 2 s or more.
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            responses.add(client.postAsync("/users/track", trackFor("u" + i)));
        }
        responses.forEach(response -> assertThat(response.join().statusCode()).isEqualTo(201));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(elapsed).isGreaterThanOrEqualTo(latency).isLessThan(Duration.ofMillis(1_500));
        assertThat(emulator.requests())
                .hasSize(16)
                .allSatisfy(r -> assertThat(r.fault()).isEqualTo(Fault.LATENCY));
    }

    @Test
    void requestWhoseClientGivesUpDuringLatencyIsStillApplied() throws InterruptedException {
        Duration latency = Duration.ofMillis(300);
        BrazeEmulator emulator = start(FaultPlan.none().latency(latency, latency));
        EmulatorClient client = new EmulatorClient(emulator);

        assertThatThrownBy(
                        () -> client.sendOrFail(track(client, "u1").timeout(Duration.ofMillis(50))))
                .isInstanceOf(IOException.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (emulator.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(emulator.state().byExternalId("u1")).isPresent();
        assertThat(emulator.requests().get(0).responded()).isFalse();
    }
}
