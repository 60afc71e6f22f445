package io.brazesync.emulator;

import static io.brazesync.emulator.EmulatorClient.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-object validation: invalid objects are named by array and index, the rest applied. */
class ObjectValidationTest {

    private static final String TIME = "'time':'2024-05-01T10:00:00Z'";
    private static final String VALID_EVENT = "{'external_id':'u1','name':'played'," + TIME + "}";

    private BrazeEmulator emulator;
    private EmulatorClient client;

    @BeforeEach
    void start() {
        emulator = BrazeEmulator.builder().apiKey(EmulatorClient.KEY).start();
        client = new EmulatorClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void partialSuccessNamesTheInvalidIndexAndAppliesTheRest() {
        HttpResponse<String> response =
                client.post(
                        "/users/track",
                        "{'attributes':[{'external_id':'u1','tier':'gold'},"
                                + "{'external_id':'u2','gender':'X'},"
                                + "{'external_id':'u3','tier':'silver'}],"
                                + "'events':["
                                + VALID_EVENT
                                + ",{'external_id':'u1','name':'played'}]}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode json = body(response);
        assertThat(json.get("message").asText()).isEqualTo("success");
        assertThat(json.get("attributes_processed").asInt()).isEqualTo(2);
        assertThat(json.get("events_processed").asInt()).isEqualTo(1);
        assertThat(json.has("purchases_processed")).isFalse();
        assertThat(json.get("errors")).hasSize(2);
        assertThat(json.get("errors").get(0).get("input_array").asText()).isEqualTo("attributes");
        assertThat(json.get("errors").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(json.get("errors").get(1).get("input_array").asText()).isEqualTo("events");
        assertThat(json.get("errors").get(1).get("index").asInt()).isEqualTo(1);

        BrazeState state = emulator.state();
        assertThat(state.byExternalId("u1").orElseThrow().events()).hasSize(1);
        assertThat(state.byExternalId("u2")).isEmpty();
        assertThat(state.byExternalId("u3").orElseThrow().attributes().get("tier").asText())
                .isEqualTo("silver");
        assertThat(emulator.requests().get(0).errors())
                .containsExactly(
                        new ObjectError(
                                json.get("errors").get(0).get("type").asText(), "attributes", 1),
                        new ObjectError(
                                json.get("errors").get(1).get("type").asText(), "events", 1));
    }

    @Test
    void allInvalidIsA400WithErrors() {
        HttpResponse<String> response =
                client.post(
                        "/users/track",
                        "{'attributes':[{'tier':'gold'}],'events':[{'external_id':'u1'}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode json = body(response);
        assertThat(json.get("message").asText()).isNotEqualTo("success");
        assertThat(json.get("errors")).hasSize(2);
        assertThat(emulator.state().profiles()).isEmpty();
    }

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                Arguments.of("no identifier", "{'name':'played'," + TIME + "}"),
                Arguments.of(
                        "two identifiers",
                        "{'external_id':'u1','email':'a@b.c','name':'played'," + TIME + "}"),
                Arguments.of(
                        "alias without label",
                        "{'user_alias':{'alias_name':'a'}," + "'name':'played'," + TIME + "}"),
                Arguments.of("no name", "{'external_id':'u1'," + TIME + "}"),
                Arguments.of("name not a string", "{'external_id':'u1','name':5," + TIME + "}"),
                Arguments.of("no time", "{'external_id':'u1','name':'played'}"),
                Arguments.of(
                        "time not ISO-8601",
                        "{'external_id':'u1','name':'played','time':'01/05/2024'}"),
                Arguments.of("empty property key", eventWithProperties("{'':1}")),
                Arguments.of("property key with $", eventWithProperties("{'$x':1}")),
                Arguments.of("property key time", eventWithProperties("{'time':1}")),
                Arguments.of("property key event_name", eventWithProperties("{'event_name':1}")),
                Arguments.of(
                        "property key over 255",
                        eventWithProperties("{'" + "k".repeat(256) + "':1}")),
                Arguments.of(
                        "nested property over 50 KB",
                        eventWithProperties("{'big':['" + "x".repeat(51 * 1024) + "']}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEvents")
    void rejectsEventsBreakingBrazeRules(String rule, String event) {
        HttpResponse<String> response =
                client.post("/users/track", "{'events':[" + VALID_EVENT + "," + event + "]}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(body(response).get("events_processed").asInt()).isEqualTo(1);
        assertThat(body(response).get("errors").get(0).get("index").asInt()).isEqualTo(1);
    }

    static Stream<Arguments> invalidPurchases() {
        String base = "'external_id':'u1'," + TIME;
        return Stream.of(
                Arguments.of("no product_id", "{" + base + ",'currency':'EUR','price':1}"),
                Arguments.of(
                        "product_id over 255",
                        "{"
                                + base
                                + ",'product_id':'"
                                + "p".repeat(256)
                                + "','currency':'EUR',"
                                + "'price':1}"),
                Arguments.of(
                        "lower-case currency",
                        "{" + base + ",'product_id':'p','currency':'eur','price':1}"),
                Arguments.of(
                        "currency of four letters",
                        "{" + base + ",'product_id':'p','currency':'EURO','price':1}"),
                Arguments.of(
                        "price as a string",
                        "{" + base + ",'product_id':'p','currency':'EUR','price':'1'}"),
                Arguments.of(
                        "no time",
                        "{'external_id':'u1','product_id':'p','currency':'EUR','price':1}"),
                Arguments.of(
                        "quantity 0",
                        "{" + base + ",'product_id':'p','currency':'EUR','price':1,'quantity':0}"),
                Arguments.of(
                        "quantity 101",
                        "{"
                                + base
                                + ",'product_id':'p','currency':'EUR','price':1,'quantity':101}"),
                Arguments.of(
                        "quantity 1.5",
                        "{"
                                + base
                                + ",'product_id':'p','currency':'EUR','price':1,'quantity':1.5}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPurchases")
    void rejectsPurchasesBreakingBrazeRules(String rule, String purchase) {
        HttpResponse<String> response =
                client.post("/users/track", "{'purchases':[" + purchase + "]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("errors").get(0).get("input_array").asText())
                .isEqualTo("purchases");
    }

    @Test
    void acceptsPurchaseWithQuantityOneHundred() {
        HttpResponse<String> response =
                client.post(
                        "/users/track",
                        "{'purchases':[{'external_id':'u1','product_id':'p','currency':'EUR',"
                                + "'price':2.5,'quantity':100,"
                                + TIME
                                + "}]}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(emulator.state().byExternalId("u1").orElseThrow().purchaseCount())
                .isEqualTo(100);
    }

    static Stream<Arguments> invalidAttributes() {
        return Stream.of(
                Arguments.of("no identifier", "{'tier':'gold'}"),
                Arguments.of("two identifiers", "{'external_id':'u1','braze_id':'b1'}"),
                Arguments.of("empty external_id", "{'external_id':''}"),
                Arguments.of(
                        "string over 255", "{'external_id':'u1','a':'" + "x".repeat(256) + "'}"),
                Arguments.of("dob not YYYY-MM-DD", "{'external_id':'u1','dob':'01-05-1990'}"),
                Arguments.of("dob not a date", "{'external_id':'u1','dob':'1990-02-30'}"),
                Arguments.of("gender not in M F O N P", "{'external_id':'u1','gender':'male'}"),
                Arguments.of("country of three letters", "{'external_id':'u1','country':'DEU'}"),
                Arguments.of("inc of a string", "{'external_id':'u1','n':{'inc':'1'}}"),
                Arguments.of("add of a non-array", "{'external_id':'u1','tags':{'add':'x'}}"),
                Arguments.of(
                        "flag not a boolean", "{'external_id':'u1','_update_existing_only':'yes'}"),
                Arguments.of("nested key with a dot", "{'external_id':'u1','car':{'a.b':1}}"),
                Arguments.of("nested key with a space", "{'external_id':'u1','car':{'a b':1}}"),
                Arguments.of(
                        "nested object over 100 KB",
                        "{'external_id':'u1','car':{'k':'" + "x".repeat(101 * 1024) + "'}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAttributes")
    void rejectsAttributesBreakingBrazeRules(String rule, String attributes) {
        HttpResponse<String> response =
                client.post("/users/track", "{'attributes':[" + attributes + "]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("errors").get(0).get("input_array").asText())
                .isEqualTo("attributes");
    }

    @Test
    void acceptsStandardAttributesInBrazeFormats() {
        HttpResponse<String> response =
                client.post(
                        "/users/track",
                        "{'attributes':[{'external_id':'u1','dob':'1990-05-01','gender':null,"
                                + "'country':'DE','email':'a@b.c','a':'"
                                + "x".repeat(255)
                                + "'},{'external_id':'u2','gender':'P'}]}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(body(response).has("errors")).isFalse();
        assertThat(emulator.state().byExternalId("u1").orElseThrow().email()).isEqualTo("a@b.c");
    }

    @Test
    void invalidNestedAttributeDropsEveryNestedUpdateOfTheRequest() {
        HttpResponse<String> response =
                client.post(
                        "/users/track",
                        "{'attributes':[{'external_id':'u1','car':{'make':'x'},'tier':'gold'},"
                                + "{'external_id':'u2','car':{'bad key':'y'}}]}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(body(response).get("errors").get(0).get("index").asInt()).isEqualTo(1);
        Profile u1 = emulator.state().byExternalId("u1").orElseThrow();
        assertThat(u1.attributes()).containsKey("tier").doesNotContainKey("car");
    }

    @Test
    void identityEndpointsNameInvalidItemsByTheirArray() {
        HttpResponse<String> identify =
                client.post(
                        "/users/identify",
                        "{'aliases_to_identify':[{'external_id':'u1','user_alias':"
                                + "{'alias_name':'a','alias_label':'l'}},{'external_id':'u2'}]}");
        HttpResponse<String> aliasNew =
                client.post("/users/alias/new", "{'user_aliases':[{'alias_name':'b'}]}");
        HttpResponse<String> delete = client.post("/users/delete", "{'external_ids':['u1', 7]}");

        assertThat(identify.statusCode()).isEqualTo(201);
        assertThat(body(identify).get("aliases_processed").asInt()).isEqualTo(1);
        assertThat(body(identify).get("errors").get(0).get("input_array").asText())
                .isEqualTo("aliases_to_identify");
        assertThat(aliasNew.statusCode()).isEqualTo(400);
        assertThat(body(aliasNew).get("errors").get(0).get("input_array").asText())
                .isEqualTo("user_aliases");
        assertThat(delete.statusCode()).isEqualTo(201);
        assertThat(body(delete).get("deleted").asInt()).isEqualTo(1);
        assertThat(body(delete).get("errors").get(0).get("index").asInt()).isEqualTo(1);
    }

    private static String eventWithProperties(String properties) {
        return "{'external_id':'u1','name':'played'," + TIME + ",'properties':" + properties + "}";
    }
}
