package io.brazesync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fixed rate-limit windows per budget, reported on every answer after the key check. */
class RateLimitTest {

    private static final String TRACK = "{'attributes':[{'external_id':'u1','a':1}]}";
    // 10:00:00.400 UTC: a window of 3 s ends at .400, so the reset rounds up to the next second.
    private static final Instant START = Instant.parse("2024-05-01T10:00:00.400Z");

    private final MutableClock clock = new MutableClock(START);
    private BrazeEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private EmulatorClient start(int trackLimit, int identityLimit) {
        emulator =
                BrazeEmulator.builder()
                        .apiKey(EmulatorClient.KEY)
                        .clock(clock)
                        .trackRateLimit(trackLimit, Duration.ofSeconds(3))
                        .identityRateLimit(identityLimit, Duration.ofMinutes(1))
                        .start();
        return new EmulatorClient(emulator);
    }

    @Test
    void rateLimitHeadersCountDownAnd429WhenWindowSpent() {
        EmulatorClient client = start(3, 10);
        long expectedReset = START.plusSeconds(3).getEpochSecond() + 1;

        HttpResponse<String> first = client.post("/users/track", TRACK);
        HttpResponse<String> second = client.post("/users/track", TRACK);
        HttpResponse<String> third = client.post("/users/track", TRACK);
        HttpResponse<String> fourth = client.post("/users/track", TRACK);

        assertThat(remaining(first)).isEqualTo("2");
        assertThat(remaining(second)).isEqualTo("1");
        assertThat(remaining(third)).isEqualTo("0");
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(EmulatorClient.body(fourth).get("message").asText())
                .isEqualTo("Rate limit exceeded");
        assertThat(remaining(fourth)).isEqualTo("0");
        for (HttpResponse<String> response : new HttpResponse[] {first, second, third, fourth}) {
            assertThat(response.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
            assertThat(response.headers().firstValue("X-RateLimit-Reset"))
                    .hasValue(Long.toString(expectedReset));
        }
        assertThat(emulator.state().byExternalId("u1").orElseThrow().attributes().get("a").asInt())
                .isEqualTo(1);
        assertThat(emulator.requests().get(3).status()).isEqualTo(429);
    }

    @Test
    void rateLimitedRequestIsNotApplied() {
        EmulatorClient client = start(1, 10);
        client.post("/users/track", "{'attributes':[{'external_id':'u1','a':1}]}");

        HttpResponse<String> limited =
                client.post("/users/track", "{'attributes':[{'external_id':'u2','a':1}]}");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(emulator.state().byExternalId("u2")).isEmpty();
    }

    @Test
    void aNewWindowOpensWhenTheOldOneEnds() {
        EmulatorClient client = start(1, 10);
        client.post("/users/track", TRACK);
        assertThat(client.post("/users/track", TRACK).statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(3));
        HttpResponse<String> afterReset = client.post("/users/track", TRACK);

        assertThat(afterReset.statusCode()).isEqualTo(201);
        assertThat(remaining(afterReset)).isEqualTo("0");
        assertThat(afterReset.headers().firstValue("X-RateLimit-Reset"))
                .hasValue(Long.toString(START.plusSeconds(6).getEpochSecond() + 1));
    }

    @Test
    void rejectedRequestsAfterTheKeyCheckSpendTheBudget() {
        EmulatorClient client = start(2, 10);

        HttpResponse<String> invalidJson = client.post("/users/track", "{");
        HttpResponse<String> valid = client.post("/users/track", TRACK);
        HttpResponse<String> limited = client.post("/users/track", TRACK);

        assertThat(invalidJson.statusCode()).isEqualTo(400);
        assertThat(remaining(invalidJson)).isEqualTo("1");
        assertThat(valid.statusCode()).isEqualTo(201);
        assertThat(limited.statusCode()).isEqualTo(429);
    }

    @Test
    void identifyAliasNewAndDeleteShareOneBudgetApartFromTrack() {
        EmulatorClient client = start(5, 2);

        client.post("/users/alias/new", "{'user_aliases':[{'alias_name':'a','alias_label':'l'}]}");
        HttpResponse<String> identify =
                client.post(
                        "/users/identify",
                        "{'aliases_to_identify':[{'external_id':'u1','user_alias':"
                                + "{'alias_name':'a','alias_label':'l'}}]}");
        HttpResponse<String> delete = client.post("/users/delete", "{'external_ids':['u1']}");
        HttpResponse<String> track = client.post("/users/track", TRACK);

        assertThat(remaining(identify)).isEqualTo("0");
        assertThat(delete.statusCode()).isEqualTo(429);
        assertThat(track.statusCode()).isEqualTo(201);
        assertThat(track.headers().firstValue("X-RateLimit-Limit")).hasValue("5");
    }

    @Test
    void resetForgetsTheWindows() {
        EmulatorClient client = start(1, 10);
        client.post("/users/track", TRACK);

        emulator.reset();

        assertThat(client.post("/users/track", TRACK).statusCode()).isEqualTo(201);
    }

    @Test
    void windowResetRoundsUpToWholeSeconds() {
        RateLimitWindow window = new RateLimitWindow(10, Duration.ofMillis(1500));

        RateLimitWindow.Admission admission = window.admit(1_000);

        assertThat(admission.resetEpochSeconds()).isEqualTo(3); // window ends at 2.5 s
        assertThat(window.admit(2_000).remaining()).isEqualTo(8);
        assertThat(window.admit(2_500).remaining()).isEqualTo(9); // a new window
    }

    private static String remaining(HttpResponse<String> response) {
        return response.headers().firstValue("X-RateLimit-Remaining").orElse(null);
    }
}
