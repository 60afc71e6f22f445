package io.brazesync.job.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AttributeMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void laterValuesWinPerKey() throws Exception {
        ObjectNode earlier = json("{'external_id':'u1','city':'Oslo','plan':'gold'}");

        boolean merged = AttributeMerge.into(earlier, json("{'external_id':'u1','plan':'silver'}"));

        assertThat(merged).isTrue();
        assertThat(earlier).isEqualTo(json("{'external_id':'u1','city':'Oslo','plan':'silver'}"));
    }

    @Test
    void operationsOnOneKeyDoNotMerge() throws Exception {
        ObjectNode earlier = json("{'external_id':'u1','visits':{'inc':1}}");

        assertThat(AttributeMerge.into(earlier, json("{'external_id':'u1','visits':{'inc':1}}")))
                .isFalse();
        assertThat(AttributeMerge.into(earlier, json("{'external_id':'u1','visits':5}"))).isFalse();
        assertThat(earlier).isEqualTo(json("{'external_id':'u1','visits':{'inc':1}}"));
        assertThat(AttributeMerge.into(earlier, json("{'external_id':'u1','tags':{'add':['x']}}")))
                .as("operations on different keys commute")
                .isTrue();
    }

    @Test
    void differentUsersOrFlagsDoNotMerge() throws Exception {
        ObjectNode earlier = json("{'external_id':'u1','city':'Oslo'}");

        assertThat(AttributeMerge.into(earlier, json("{'external_id':'u2','city':'Rome'}")))
                .isFalse();
        assertThat(
                        AttributeMerge.into(
                                earlier,
                                json("{'external_id':'u1','_update_existing_only':true,'a':1}")))
                .isFalse();
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }
}
