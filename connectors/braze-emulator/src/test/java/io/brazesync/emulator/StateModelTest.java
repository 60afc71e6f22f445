package io.brazesync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How valid objects change the emulated users, sent over HTTP as a sink would. */
class StateModelTest {

    private static final String TIME = "'time':'2024-05-01T10:00:00Z'";
    private static final String ALIAS = "{'alias_name':'anon-1','alias_label':'cdp'}";

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

    private void track(String body) {
        assertThat(client.post("/users/track", body).statusCode()).isEqualTo(201);
    }

    private Profile user(String externalId) {
        return emulator.state().byExternalId(externalId).orElseThrow();
    }

    @Test
    void attributesApplyInArrivalOrderWithNullRemovingAndIncAdding() {
        track("{'attributes':[{'external_id':'u1','tier':'gold','nick':'x','visits':{'inc':2}}]}");
        track(
                "{'attributes':[{'external_id':'u1','tier':'silver','nick':null,"
                        + "'visits':{'inc':3}}]}");
        track("{'attributes':[{'external_id':'u1','score':{'inc':1.5}}]}");

        Map<String, JsonNode> attributes = user("u1").attributes();
        assertThat(attributes.get("tier").asText()).isEqualTo("silver");
        assertThat(attributes).doesNotContainKey("nick");
        assertThat(attributes.get("visits").asInt()).isEqualTo(5);
        assertThat(attributes.get("score").asDouble()).isEqualTo(1.5);
    }

    @Test
    void attributesWithinOneRequestApplyInArrayOrder() {
        track(
                "{'attributes':[{'external_id':'u1','tier':'gold'},"
                        + "{'external_id':'u1','tier':'bronze'}]}");

        assertThat(user("u1").attributes().get("tier").asText()).isEqualTo("bronze");
    }

    @Test
    void updateExistingOnlyDoesNotCreateProfiles() {
        Accepted response =
                new Accepted(
                        client.post(
                                "/users/track",
                                "{'attributes':[{'external_id':'u1','tier':'gold',"
                                        + "'_update_existing_only':true}]}"));
        track("{'attributes':[{'external_id':'u2','tier':'gold'}]}");
        track("{'attributes':[{'external_id':'u2','tier':'silver','_update_existing_only':true}]}");

        assertThat(response.processed("attributes")).isEqualTo(1); // counted, like Braze
        assertThat(emulator.state().byExternalId("u1")).isEmpty();
        assertThat(user("u2").attributes().get("tier").asText()).isEqualTo("silver");
        assertThat(user("u2").attributes()).doesNotContainKey("_update_existing_only");
    }

    @Test
    void aliasKeyedAttributesUpdateOnlyExistingUsersUnlessToldOtherwise() {
        track("{'attributes':[{'user_alias':" + ALIAS + ",'tier':'gold'}]}");
        assertThat(emulator.state().profiles()).isEmpty();

        track(
                "{'attributes':[{'user_alias':"
                        + ALIAS
                        + ",'tier':'gold','_update_existing_only':false}]}");

        Profile aliased = emulator.state().byAlias("anon-1", "cdp").orElseThrow();
        assertThat(aliased.externalId()).isNull();
        assertThat(aliased.attributes().get("tier").asText()).isEqualTo("gold");
    }

    @Test
    void flatArraysAddAndRemoveLikeSetsKeepingTheNewestTwentyFive() {
        track("{'attributes':[{'external_id':'u1','tags':['a','b']}]}");
        track("{'attributes':[{'external_id':'u1','tags':{'add':['c','a'],'remove':['b']}}]}");
        assertThat(user("u1").attributes().get("tags").toString()).isEqualTo("[\"c\",\"a\"]");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add("'t" + i + "'");
        }
        track(
                "{'attributes':[{'external_id':'u2','tags':{'add':["
                        + String.join(",", many)
                        + "]}}]}");

        JsonNode tags = user("u2").attributes().get("tags");
        assertThat(tags).hasSize(25);
        assertThat(tags.get(0).asText()).isEqualTo("t5");
    }

    @Test
    void nestedObjectsReplaceUnlessMergeObjectsIsTrue() {
        track("{'attributes':[{'external_id':'u1','car':{'make':'x','seats':{'front':2}}}]}");
        track("{'attributes':[{'external_id':'u1','car':{'color':'red'}}]}");
        assertThat(user("u1").attributes().get("car").toString()).isEqualTo("{\"color\":\"red\"}");

        track(
                "{'attributes':[{'external_id':'u1','_merge_objects':true,"
                        + "'car':{'make':'y','seats':{'back':3}}}]}");

        JsonNode car = user("u1").attributes().get("car");
        assertThat(car.get("color").asText()).isEqualTo("red");
        assertThat(car.get("make").asText()).isEqualTo("y");
        assertThat(car.get("seats").get("back").asInt()).isEqualTo(3);
        assertThat(user("u1").attributes()).doesNotContainKey("_merge_objects");
    }

    @Test
    void arraysOfObjectsChangeByIdentifierKey() {
        track(
                "{'attributes':[{'external_id':'u1',"
                        + "'pets':[{'id':1,'name':'a'},{'id':2,'name':'b'}]}]}");
        track(
                "{'attributes':[{'external_id':'u1','pets':{"
                        + "'$add':[{'id':3,'name':'c'}],"
                        + "'$remove':[{'$identifier_key':'id','$identifier_value':1}],"
                        + "'$update':[{'$identifier_key':'id','$identifier_value':2,"
                        + "'$new_object':{'name':'bb'}}]}}]}");

        JsonNode pets = user("u1").attributes().get("pets");
        assertThat(pets).hasSize(2);
        assertThat(pets.get(0).get("name").asText()).isEqualTo("bb");
        assertThat(pets.get(1).get("id").asInt()).isEqualTo(3);
    }

    @Test
    void eventsAndPurchasesAppendInArrivalOrderAndQuantityCounts() {
        track("{'events':[{'external_id':'u1','name':'first'," + TIME + "}]}");
        track(
                "{'events':[{'external_id':'u1','name':'second',"
                        + TIME
                        + "}],"
                        + "'purchases':[{'external_id':'u1','product_id':'p','currency':'EUR',"
                        + "'price':3,'quantity':4,"
                        + TIME
                        + "},"
                        + "{'external_id':'u1','product_id':'q','currency':'EUR','price':1,"
                        + TIME
                        + "}]}");

        Profile profile = user("u1");
        assertThat(profile.events())
                .extracting(event -> event.get("name").asText())
                .containsExactly("first", "second");
        assertThat(profile.purchases()).hasSize(2);
        assertThat(profile.purchaseCount()).isEqualTo(5);
    }

    @Test
    void aliasKeyedEventOfUnknownUserCreatesAnAliasOnlyProfile() {
        track("{'events':[{'user_alias':" + ALIAS + ",'name':'viewed'," + TIME + "}]}");

        Profile aliased = emulator.state().byAlias("anon-1", "cdp").orElseThrow();
        assertThat(aliased.externalId()).isNull();
        assertThat(aliased.events()).hasSize(1);
    }

    @Test
    void aliasNewCreatesAliasOnlyProfileOrAddsToTheExternalId() {
        client.post(
                "/users/alias/new",
                "{'user_aliases':["
                        + ALIAS
                        + ",{'alias_name':'crm-9','alias_label':'crm','external_id':'u1'}]}");

        BrazeState state = emulator.state();
        assertThat(state.byAlias("anon-1", "cdp").orElseThrow().externalId()).isNull();
        assertThat(state.byExternalId("u1").orElseThrow().aliases())
                .containsExactly(Map.entry("crm", "crm-9"));
        assertThat(state.byAlias("crm-9", "crm").orElseThrow().brazeId())
                .isEqualTo(state.byExternalId("u1").orElseThrow().brazeId());
    }

    @Test
    void identifyMergesAliasProfileIntoExternalId() {
        track(
                "{'attributes':[{'user_alias':"
                        + ALIAS
                        + ",'_update_existing_only':false,"
                        + "'tier':'bronze','city':'Oslo'}],"
                        + "'events':[{'user_alias':"
                        + ALIAS
                        + ",'name':'anon_view',"
                        + TIME
                        + "}]}");
        track(
                "{'attributes':[{'external_id':'u1','tier':'gold'}],"
                        + "'events':[{'external_id':'u1','name':'known_view',"
                        + TIME
                        + "}]}");

        Accepted response =
                new Accepted(
                        client.post(
                                "/users/identify",
                                "{'aliases_to_identify':[{'external_id':'u1','user_alias':"
                                        + ALIAS
                                        + "}]}"));

        assertThat(response.processed("aliases")).isEqualTo(1);
        BrazeState state = emulator.state();
        assertThat(state.profiles()).hasSize(1);
        Profile merged = state.byExternalId("u1").orElseThrow();
        assertThat(state.byAlias("anon-1", "cdp")).contains(merged);
        assertThat(merged.attributes().get("tier").asText()).isEqualTo("gold");
        assertThat(merged.attributes().get("city").asText()).isEqualTo("Oslo");
        assertThat(merged.events())
                .extracting(event -> event.get("name").asText())
                .containsExactly("anon_view", "known_view");
    }

    @Test
    void identifyGivesTheExternalIdToTheAliasProfileWhenNoUserHasIt() {
        client.post("/users/alias/new", "{'user_aliases':[" + ALIAS + "]}");
        String brazeId = emulator.state().byAlias("anon-1", "cdp").orElseThrow().brazeId();

        client.post(
                "/users/identify",
                "{'aliases_to_identify':[{'external_id':'u1','user_alias':" + ALIAS + "}]}");

        assertThat(user("u1").brazeId()).isEqualTo(brazeId);
        assertThat(user("u1").aliases()).containsEntry("cdp", "anon-1");
    }

    @Test
    void deleteRemovesProfile() {
        track("{'attributes':[{'external_id':'u1','a':1},{'external_id':'u2','a':1}]}");
        client.post("/users/alias/new", "{'user_aliases':[" + ALIAS + "]}");
        String u2BrazeId = user("u2").brazeId();

        Accepted byExternalId =
                new Accepted(client.post("/users/delete", "{'external_ids':['u1','never-seen']}"));
        client.post("/users/delete", "{'braze_ids':['" + u2BrazeId + "']}");
        client.post("/users/delete", "{'user_aliases':[" + ALIAS + "]}");

        assertThat(byExternalId.json().get("deleted").asInt()).isEqualTo(2);
        BrazeState state = emulator.state();
        assertThat(state.profiles()).isEmpty();
        assertThat(state.deletedExternalIds()).containsExactly("u1", "never-seen", "u2");

        track("{'attributes':[{'external_id':'u1','a':2}]}");
        assertThat(user("u1").attributes().get("a").asInt()).isEqualTo(2);
    }

    @Test
    void emailKeyedObjectsFindOrCreateTheUserByEmail() {
        track("{'attributes':[{'external_id':'u1','email':'a@example.com'}]}");
        track(
                "{'attributes':[{'email':'a@example.com','tier':'gold'},"
                        + "{'email':'b@example.com','tier':'x'}]}");

        BrazeState state = emulator.state();
        assertThat(state.byExternalId("u1").orElseThrow().attributes().get("tier").asText())
                .isEqualTo("gold");
        assertThat(state.byEmail("b@example.com").orElseThrow().externalId()).isNull();
        assertThat(state.profiles()).hasSize(2);
    }

    @Test
    void brazeIdsAreDeterministic() {
        track("{'attributes':[{'external_id':'u1'},{'external_id':'u2'}]}");

        assertThat(emulator.state().profiles())
                .extracting(Profile::brazeId)
                .containsExactly("emu-1", "emu-2");
        assertThat(emulator.state().byBrazeId("emu-2").orElseThrow().externalId()).isEqualTo("u2");
    }

    @Test
    void countsEveryAttributeValueWrittenAsADataPoint() {
        track("{'attributes':[{'external_id':'u1','a':1,'b':2}]}");
        track("{'attributes':[{'external_id':'u1','a':1}]}");

        assertThat(emulator.state().attributeDataPoints()).isEqualTo(3);
    }

    @Test
    void snapshotsDoNotChangeAfterwards() {
        track("{'attributes':[{'external_id':'u1','a':1}]}");
        BrazeState before = emulator.state();

        track("{'attributes':[{'external_id':'u1','a':2}]}");

        assertThat(before.byExternalId("u1").orElseThrow().attributes().get("a").asInt())
                .isEqualTo(1);
    }

    @Test
    void resetForgetsUsersAndRequests() {
        track("{'attributes':[{'external_id':'u1','a':1}]}");

        emulator.reset();
        track("{'attributes':[{'external_id':'u2','a':1}]}");

        assertThat(emulator.state().profiles())
                .extracting(Profile::externalId)
                .containsExactly("u2");
        assertThat(emulator.state().byExternalId("u2").orElseThrow().brazeId()).isEqualTo("emu-1");
        assertThat(emulator.requests()).extracting(RecordedRequest::seq).containsExactly(0L);
    }

    /** A 201 answer and its body. */
    private record Accepted(HttpResponse<String> response) {

        Accepted {
            assertThat(response.statusCode()).isEqualTo(201);
        }

        JsonNode json() {
            return EmulatorClient.body(response);
        }

        int processed(String what) {
            return json().get(what + "_processed").asInt();
        }
    }
}
