package io.brazesync.emulator;

import static io.brazesync.emulator.EmulatorClient.body;
import static io.brazesync.emulator.EmulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checks a request passes as a whole, in Braze's order, before any object is looked at. */
class RequestChecksTest {

    private static final String ONE_ATTRIBUTE = "{'attributes':[{'external_id':'u1','a':1}]}";

    private BrazeEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private EmulatorClient start(BrazeEmulatorBuilder builder) {
        emulator = builder.start();
        return new EmulatorClient(emulator);
    }

    private EmulatorClient start() {
        return start(BrazeEmulator.builder().apiKey(EmulatorClient.KEY));
    }

    @Test
    void rejectsWrongKeyWith401WithoutEchoingIt() {
        EmulatorClient client = start();

        HttpResponse<String> response =
                client.send(
                        client.request("/users/track")
                                .header("Authorization", "Bearer secret-wrong-key")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json(ONE_ATTRIBUTE))));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(body(response).get("message").asText()).startsWith("Invalid API key");
        assertThat(response.body()).doesNotContain("secret-wrong-key");
        assertThat(emulator.requests().get(0).toString()).doesNotContain("secret-wrong-key");
        assertThat(emulator.state().profiles()).isEmpty();
    }

    @Test
    void namesTheRefusedKeyAsBrazeDoesOnlyWhenAsked() {
        EmulatorClient client =
                start(BrazeEmulator.builder().apiKey(EmulatorClient.KEY).namesRefusedKeys(true));

        HttpResponse<String> response =
                client.send(
                        client.request("/users/track")
                                .header("Authorization", "Bearer secret-wrong-key")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json(ONE_ATTRIBUTE))));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(body(response).get("message").asText())
                .isEqualTo("Invalid API key: secret-wrong-key");
    }

    @Test
    void rejectsMissingKeyWith401() {
        EmulatorClient client = start();

        HttpResponse<String> response =
                client.send(
                        client.request("/users/track")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json(ONE_ATTRIBUTE))));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
    }

    @Test
    void rejectsMissingPermissionWith403() {
        EmulatorClient client =
                start(
                        BrazeEmulator.builder()
                                .apiKey(EmulatorClient.KEY)
                                .permissions(EnumSet.of(Permission.USERS_TRACK)));

        HttpResponse<String> delete = client.post("/users/delete", "{'external_ids':['u1']}");
        HttpResponse<String> track = client.post("/users/track", ONE_ATTRIBUTE);

        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(body(delete).get("message").asText()).contains("users.delete");
        assertThat(track.statusCode()).isEqualTo(201);
    }

    @Test
    void rejectsWrongContentTypeWith415() {
        EmulatorClient client = start();

        HttpResponse<String> response =
                client.send(
                        client.request("/users/track")
                                .header("Authorization", "Bearer " + EmulatorClient.KEY)
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString(json(ONE_ATTRIBUTE))));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(emulator.state().profiles()).isEmpty();
    }

    @Test
    void acceptsJsonContentTypeWithCharset() {
        EmulatorClient client = start();

        HttpResponse<String> response =
                client.send(
                        client.request("/users/track")
                                .header("Authorization", "Bearer " + EmulatorClient.KEY)
                                .header("Content-Type", "Application/JSON; charset=utf-8")
                                .POST(HttpRequest.BodyPublishers.ofString(json(ONE_ATTRIBUTE))));

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void checksTheKeyBeforeTheContentType() {
        EmulatorClient client = start();

        HttpResponse<String> response =
                client.send(
                        client.request("/users/track")
                                .header("Authorization", "Bearer nope")
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void rejectsBodyOver4MbWith413() {
        EmulatorClient client = start();
        String padding = "x".repeat(4 * 1024 * 1024);
        String body = "{\"attributes\":[{\"external_id\":\"u1\",\"a\":\"" + padding + "\"}]}";

        HttpResponse<String> response = postRaw(client, body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("X-RateLimit-Limit")).isPresent();
        assertThat(emulator.state().profiles()).isEmpty();
    }

    @Test
    void acceptsBodyOfExactlyMaxBodyBytes() {
        String body = json("{'attributes':[{'external_id':'u1','pad':'" + "x".repeat(200) + "'}]}");
        EmulatorClient client =
                start(
                        BrazeEmulator.builder()
                                .apiKey(EmulatorClient.KEY)
                                .maxBodyBytes(body.length()));

        HttpResponse<String> exact = postRaw(client, body);
        HttpResponse<String> oneByteOver = postRaw(client, body + " ");

        assertThat(exact.statusCode()).isEqualTo(201);
        assertThat(oneByteOver.statusCode()).isEqualTo(413);
    }

    @Test
    void rejectsUnparsableJsonWith400() {
        EmulatorClient client = start();

        HttpResponse<String> notJson = client.post("/users/track", "{'attributes':[");
        HttpResponse<String> notAnObject = client.post("/users/track", "[1,2]");
        HttpResponse<String> trailingGarbage = client.post("/users/track", ONE_ATTRIBUTE + "}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(body(notJson).get("message").asText()).startsWith("Invalid JSON");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(trailingGarbage.statusCode()).isEqualTo(400);
        assertThat(emulator.requests().get(0).body()).isNull();
    }

    @Test
    void rejectsTrackWithoutAnyObjectWith400() {
        EmulatorClient client = start();

        assertThat(client.post("/users/track", "{}").statusCode()).isEqualTo(400);
        assertThat(client.post("/users/track", "{'events':[]}").statusCode()).isEqualTo(400);
        assertThat(client.post("/users/track", "{'events':{}}").statusCode()).isEqualTo(400);
    }

    @Test
    void rejectsTrackOverTotalCapWith400AndAppliesNothing() {
        EmulatorClient client = start();
        String body =
                "{'attributes':" + attributes(40) + ",'events':" + events(36) + "}"; // 76 in total

        HttpResponse<String> response = client.post("/users/track", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("message").asText()).isEqualTo("Max Input Length Exceeded");
        assertThat(emulator.state().profiles()).isEmpty();
    }

    @Test
    void totalCapAcceptsSeventyFiveInTotal() {
        EmulatorClient client = start();

        HttpResponse<String> response =
                client.post(
                        "/users/track",
                        "{'attributes':" + attributes(40) + ",'events':" + events(35) + "}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(body(response).get("attributes_processed").asInt()).isEqualTo(40);
        assertThat(body(response).get("events_processed").asInt()).isEqualTo(35);
    }

    @Test
    void perArrayCapAcceptsSeventyFiveOfEach() {
        EmulatorClient client =
                start(
                        BrazeEmulator.builder()
                                .apiKey(EmulatorClient.KEY)
                                .trackCap(TrackCap.perArray(75)));

        HttpResponse<String> seventyFiveEach =
                client.post(
                        "/users/track",
                        "{'attributes':"
                                + attributes(75)
                                + ",'events':"
                                + events(75)
                                + ",'purchases':"
                                + purchases(75)
                                + "}");
        HttpResponse<String> seventySixEvents =
                client.post("/users/track", "{'events':" + events(76) + "}");

        assertThat(seventyFiveEach.statusCode()).isEqualTo(201);
        assertThat(body(seventyFiveEach).get("purchases_processed").asInt()).isEqualTo(75);
        assertThat(seventySixEvents.statusCode()).isEqualTo(400);
        assertThat(body(seventySixEvents).get("message").asText())
                .isEqualTo("Max Input Length Exceeded");
    }

    @Test
    void rejectsIdentityArrayOverCapWith400() {
        EmulatorClient client = start();
        StringBuilder ids = new StringBuilder("{'external_ids':[");
        for (int i = 0; i < 51; i++) {
            ids.append(i == 0 ? "" : ",").append("'u").append(i).append("'");
        }

        HttpResponse<String> response = client.post("/users/delete", ids + "]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("message").asText()).isEqualTo("Max Input Length Exceeded");
    }

    @Test
    void rejectsDeleteWithMoreThanOneIdentifierTypeWith400() {
        EmulatorClient client = start();
        client.post("/users/track", ONE_ATTRIBUTE);

        HttpResponse<String> response =
                client.post("/users/delete", "{'external_ids':['u1'],'braze_ids':['emu-1']}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(emulator.state().byExternalId("u1")).isPresent();
    }

    @Test
    void answersUnknownPathWith404AndWrongMethodWith405() {
        EmulatorClient client = start();

        HttpResponse<String> unknown = client.post("/users/merge", "{}");
        HttpResponse<String> get =
                client.send(
                        client.request("/users/track")
                                .header("Authorization", "Bearer " + EmulatorClient.KEY)
                                .GET());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    /** Posts a body as is, without the single-quote translation. */
    private static HttpResponse<String> postRaw(EmulatorClient client, String body) {
        return client.send(
                client.request("/users/track")
                        .header("Authorization", "Bearer " + EmulatorClient.KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String attributes(int count) {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            array.append(i == 0 ? "" : ",").append("{'external_id':'u").append(i).append("'}");
        }
        return array.append("]").toString();
    }

    static String events(int count) {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            array.append(i == 0 ? "" : ",")
                    .append("{'external_id':'u")
                    .append(i)
                    .append("','name':'played','time':'2024-05-01T10:00:00Z'}");
        }
        return array.append("]").toString();
    }

    static String purchases(int count) {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            array.append(i == 0 ? "" : ",")
                    .append("{'external_id':'u")
                    .append(i)
                    .append("','product_id':'p','currency':'EUR','price':1.5,")
                    .append("'time':'2024-05-01T10:00:00Z'}");
        }
        return array.append("]").toString();
    }
}
