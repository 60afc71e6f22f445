package io.brazesync.job.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AttributeChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FingerprintTable store = FingerprintTable.of(null, 0, Long.MAX_VALUE);

    @Test
    void aRepeatedValueIsDroppedAndAChangedOneSent() throws Exception {
        send("{'external_id':'u1','city':'Oslo','plan':'gold','tags':['a','b']}");

        AttributeChanges.Result result =
                send("{'external_id':'u1','city':'Oslo','plan':'silver','tags':['a','b']}");

        assertThat(result.attributes()).isEqualTo(json("{'external_id':'u1','plan':'silver'}"));
        assertThat(result.unchangedValues()).isEqualTo(2);
    }

    @Test
    void aRecordWithNothingChangedIsLeftEmpty() throws Exception {
        send("{'external_id':'u1','city':'Oslo','_update_existing_only':false}");

        AttributeChanges.Result result =
                send("{'external_id':'u1','city':'Oslo','_update_existing_only':false}");

        assertThat(result.isEmpty()).isTrue();
        assertThat(result.unchangedValues()).isEqualTo(1);
    }

    @Test
    void valuesOfAnotherTypeAreChanges() throws Exception {
        send("{'external_id':'u1','score':1}");

        assertThat(send("{'external_id':'u1','score':'1'}").isEmpty()).isFalse();
        assertThat(send("{'external_id':'u1','score':null}").isEmpty()).isFalse();
        assertThat(send("{'external_id':'u1','score':null}").isEmpty()).isTrue();
    }

    @Test
    void operationsAlwaysPassAndForgetTheValue() throws Exception {
        send("{'external_id':'u1','visits':3,'tags':['a']}");

        AttributeChanges.Result inc =
                send("{'external_id':'u1','visits':{'inc':1},'tags':{'add':['a']}}");
        AttributeChanges.Result again = send("{'external_id':'u1','visits':3}");

        assertThat(inc.attributes())
                .isEqualTo(json("{'external_id':'u1','visits':{'inc':1},'tags':{'add':['a']}}"));
        assertThat(send("{'external_id':'u1','pets':{'$add':[{'id':1}]}}").isEmpty()).isFalse();
        assertThat(send("{'external_id':'u1','pets':{'$add':[{'id':1}]}}").isEmpty()).isFalse();
        assertThat(again.isEmpty()).as("3 after an increment is a change").isFalse();
    }

    @Test
    void nestedObjectsCompareAsAWholeUnlessMerged() throws Exception {
        send("{'external_id':'u1','address':{'city':'Oslo','zip':'0150'}}");

        AttributeChanges.Result whole =
                send("{'external_id':'u1','address':{'city':'Oslo','zip':'0151'}}");
        AttributeChanges.Result merged =
                send(
                        "{'external_id':'u1','_merge_objects':true,"
                                + "'address':{'city':'Oslo','zip':'0152'}}");
        AttributeChanges.Result mergedAgain =
                send(
                        "{'external_id':'u1','_merge_objects':true,"
                                + "'address':{'city':'Bergen','zip':'0152'}}");

        assertThat(whole.attributes().get("address"))
                .isEqualTo(json("{'city':'Oslo','zip':'0151'}"));
        assertThat(merged.attributes().get("address"))
                .as("first merge has no per-key fingerprints yet")
                .isEqualTo(json("{'city':'Oslo','zip':'0152'}"));
        assertThat(mergedAgain.attributes().get("address")).isEqualTo(json("{'city':'Bergen'}"));
        assertThat(mergedAgain.unchangedValues()).isEqualTo(1);
    }

    @Test
    void aWholeObjectWriteForgetsNestedFingerprints() throws Exception {
        send("{'external_id':'u1','_merge_objects':true,'address':{'city':'Oslo'}}");
        send("{'external_id':'u1','address':{'zip':'0150'}}");

        AttributeChanges.Result result =
                send("{'external_id':'u1','_merge_objects':true,'address':{'city':'Oslo'}}");

        assertThat(result.attributes().get("address")).isEqualTo(json("{'city':'Oslo'}"));
    }

    @Test
    void aValueThatReplacesAMergedObjectForgetsItsNestedKeys() throws Exception {
        String merged = "{'external_id':'u1','_merge_objects':true,'address':{'city':'Oslo'}}";
        send(merged);
        send("{'external_id':'u1','address':'unknown'}");

        AttributeChanges.Result again = send(merged);

        assertThat(again.isEmpty()).as("Braze now holds 'unknown', not the object").isFalse();
        assertThat(again.attributes().get("address")).isEqualTo(json("{'city':'Oslo'}"));
    }

    @Test
    void objectsThatMayNotCreateAProfileAreComparedButNotRemembered() throws Exception {
        String byAlias = "{'user_alias':{'alias_name':'a','alias_label':'crm'},'city':'Oslo'}";
        send(byAlias);
        assertThat(send(byAlias).isEmpty()).as("alias-keyed: Braze may have ignored it").isFalse();

        send("{'external_id':'u1','city':'Oslo'}");
        AttributeChanges.Result onlyExisting =
                send("{'external_id':'u1','_update_existing_only':true,'city':'Oslo'}");
        AttributeChanges.Result changedOnlyExisting =
                send("{'external_id':'u1','_update_existing_only':true,'city':'Rome'}");

        assertThat(onlyExisting.isEmpty()).isTrue();
        assertThat(changedOnlyExisting.isEmpty()).isFalse();
        assertThat(send("{'external_id':'u1','city':'Oslo'}").isEmpty())
                .as("the value Braze may now hold is unknown, so it is sent")
                .isFalse();
    }

    private AttributeChanges.Result send(String attributes) throws Exception {
        return AttributeChanges.filter(json(attributes), store);
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }
}
