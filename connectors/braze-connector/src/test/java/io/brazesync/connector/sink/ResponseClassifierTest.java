package io.brazesync.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.connector.client.BrazeResponse;
import io.brazesync.connector.record.BrazeEndpoint;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How Braze's answers, and answers that only claim to be Braze's, are read. */
class ResponseClassifierTest {

    private static final String URL = "https://rest.iad-01.braze.com/users/track";

    private static final String BAD_GATEWAY_PAGE =
            "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n"
                    + "<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n"
                    + "</body>\n</html>\n";

    private static BrazeResponse answer(int status, String body) {
        return new BrazeResponse(
                status, body, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }

    @Test
    void acceptsBrazesSuccessJson() {
        assertThat(
                        ResponseClassifier.classify(
                                answer(201, "{\"message\":\"success\",\"events_processed\":3}")))
                .isEqualTo(Outcome.ACCEPTED);
    }

    @Test
    void aSuccessCutInTheMiddleIsNotTakenAsDelivered() {
        BrazeResponse truncated = answer(201, "{\"message\":\"success\",\"attributes_pro");

        assertThat(ResponseClassifier.classify(truncated)).isEqualTo(Outcome.UNREADABLE_SUCCESS);
        assertThat(ResponseClassifier.isBrazeAnswer(truncated)).isFalse();
    }

    @Test
    void aSuccessWithoutBrazesJsonIsNotTakenAsDelivered() {
        assertThat(ResponseClassifier.classify(answer(200, "<html><title>Sign in</title></html>")))
                .isEqualTo(Outcome.UNREADABLE_SUCCESS);
        assertThat(ResponseClassifier.classify(answer(201, "")))
                .isEqualTo(Outcome.UNREADABLE_SUCCESS);
        assertThat(ResponseClassifier.classify(answer(201, "{\"processed\":1}")))
                .isEqualTo(Outcome.UNREADABLE_SUCCESS);
        assertThat(ResponseClassifier.classify(answer(201, "[\"success\"]")))
                .isEqualTo(Outcome.UNREADABLE_SUCCESS);
    }

    @Test
    void htmlErrorPagesOn5xxAreRetriedLikeAny5xx() {
        assertThat(ResponseClassifier.classify(answer(502, BAD_GATEWAY_PAGE)))
                .isEqualTo(Outcome.RETRYABLE);
        assertThat(ResponseClassifier.classify(answer(504, "<html>timeout</html>")))
                .isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void anHtmlPageIsSummedUpByItsTitle() {
        assertThat(ResponseClassifier.message(answer(502, BAD_GATEWAY_PAGE)))
                .isEqualTo("an HTML page titled \"502 Bad Gateway\"");
        assertThat(ResponseClassifier.message(answer(400, "<html><h1>Bad\n  request</h1></html>")))
                .isEqualTo("an HTML page titled \"Bad request\"");
        assertThat(ResponseClassifier.message(answer(400, "<!DOCTYPE html><p>no title</p>")))
                .isEqualTo("an HTML page");
    }

    @Test
    void aPlainTextAnswerIsSummedUpByItsFirstLine() {
        assertThat(ResponseClassifier.message(answer(503, "503 Service Unavailable\nretry later")))
                .isEqualTo("503 Service Unavailable");
    }

    @Test
    void aHugeAnswerNeverReachesAMessageWhole() {
        String page =
                "<html><head><title>"
                        + "t".repeat(5_000)
                        + "</title></head><body>"
                        + "x".repeat(100_000)
                        + "</body></html>";
        String text = "y".repeat(100_000);
        String json = "{\"message\":\"" + "z".repeat(100_000) + "\"}";

        assertThat(ResponseClassifier.message(answer(400, page)))
                .hasSizeLessThanOrEqualTo(ResponseClassifier.MAX_MESSAGE_CHARS)
                .doesNotContain("<");
        assertThat(ResponseClassifier.message(answer(400, text)))
                .hasSizeLessThanOrEqualTo(ResponseClassifier.MAX_MESSAGE_CHARS);
        assertThat(ResponseClassifier.message(answer(400, json)))
                .hasSizeLessThanOrEqualTo(ResponseClassifier.MAX_MESSAGE_CHARS);
        assertThat(ResponseClassifier.whatToFix(answer(403, page), BrazeEndpoint.TRACK, URL))
                .hasSizeLessThan(600)
                .doesNotContain("<");
    }

    @Test
    void anHtml4xxThatIsNotFatalIsABadRequestWithAShortReason() {
        BrazeResponse proxyRefusal =
                answer(
                        400,
                        "<html><head><title>400 Request Header Or Cookie Too Large</title>"
                                + "</head><body>"
                                + "padding ".repeat(1_000)
                                + "</body></html>");

        assertThat(ResponseClassifier.classify(proxyRefusal)).isEqualTo(Outcome.BAD_REQUEST);
        assertThat(ResponseClassifier.message(proxyRefusal))
                .isEqualTo("an HTML page titled \"400 Request Header Or Cookie Too Large\"");
    }

    @Test
    void forbiddenNamesTheUrlAndThePermissionToAdd() {
        String message =
                ResponseClassifier.whatToFix(
                        answer(403, "{\"message\":\"The API key lacks the permission\"}"),
                        BrazeEndpoint.IDENTIFY,
                        "https://rest.iad-01.braze.com/users/identify");

        assertThat(message)
                .contains("403")
                .contains("POST https://rest.iad-01.braze.com/users/identify")
                .contains("lacks the permission users.identify")
                .contains("Braze said: The API key lacks the permission");
    }

    @Test
    void notFoundSaysBrazeEndpointIsNotABrazeHost() {
        String message =
                ResponseClassifier.whatToFix(
                        answer(404, "{\"message\":\"Not found\"}"),
                        BrazeEndpoint.TRACK,
                        "https://example.com/braze/users/track");

        assertThat(message)
                .contains("404")
                .contains("https://example.com/braze/users/track")
                .contains("braze.endpoint is not a Braze REST host");
    }

    @Test
    void aFatalStatusFromSomethingOtherThanBrazeSaysSo() {
        String message =
                ResponseClassifier.whatToFix(
                        answer(403, "<html><title>403 Forbidden</title></html>"),
                        BrazeEndpoint.TRACK,
                        URL);

        assertThat(message)
                .contains("not Braze's JSON but an HTML page titled \"403 Forbidden\"")
                .contains("a proxy or load balancer may have answered");
    }
}
