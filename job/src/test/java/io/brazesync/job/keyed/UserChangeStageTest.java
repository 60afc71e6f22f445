package io.brazesync.job.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.RecordOrigin;
import io.brazesync.connector.record.UserKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserChangeStageTest {

    private static final String SYNC = "profiles";
    private static final AtomicLong OFFSETS = new AtomicLong();

    private KeyedOneInputStreamOperatorTestHarness<String, UserRecord, BrazeRecord> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(Duration ttl, Duration coalesceWindow, OperatorSubtaskState restoreFrom)
            throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new UserChangeStage(Set.of(SYNC), ttl, coalesceWindow)),
                        record -> record.key,
                        Types.STRING);
        harness.setStateTtlProcessingTime(0);
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
    }

    private void open(Duration coalesceWindow) throws Exception {
        open(Duration.ofDays(7), coalesceWindow, null);
    }

    /** Moves both the operator's clock and the state's time-to-live clock. */
    private void at(Duration time) throws Exception {
        harness.setProcessingTime(time.toMillis());
        harness.setStateTtlProcessingTime(time.toMillis());
    }

    private void send(BrazeRecord record) throws Exception {
        new IdentityRouting()
                .flatMap(
                        record,
                        new org.apache.flink.util.Collector<>() {
                            @Override
                            public void collect(UserRecord user) {
                                try {
                                    harness.processElement(user, 0);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }

                            @Override
                            public void close() {}
                        });
    }

    private List<String> sent() {
        List<String> elements =
                harness.extractOutputValues().stream()
                        .map(r -> r.array() + " " + r.elementAsString())
                        .collect(Collectors.toList());
        harness.getOutput().clear();
        return elements;
    }

    @Test
    void dropsValuesBrazeAlreadyHasAndRecordsLeftWithNothing() throws Exception {
        open(Duration.ZERO);

        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"pro\""));
        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"free\""));
        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"free\""));

        assertThat(sent())
                .containsExactly(
                        "ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Oslo\",\"plan\":\"pro\"}",
                        "ATTRIBUTES {\"external_id\":\"u1\",\"plan\":\"free\"}");
    }

    @Test
    void operationsThatAreNotIdempotentAlwaysPass() throws Exception {
        open(Duration.ZERO);

        send(attributes("u1", "\"visits\":{\"inc\":1},\"tags\":{\"add\":[\"a\"]}"));
        send(attributes("u1", "\"visits\":{\"inc\":1},\"tags\":{\"add\":[\"a\"]}"));

        assertThat(sent()).hasSize(2).allSatisfy(s -> assertThat(s).contains("\"inc\":1"));
    }

    @Test
    void keepsAUsersRecordsInArrivalOrderAcrossModesWhileCoalescing() throws Exception {
        open(Duration.ofMinutes(1));

        send(attributes("u1", "\"city\":\"Oslo\""));
        send(attributes("u1", "\"plan\":\"pro\""));
        send(event("u1", "viewed"));
        send(attributes("u1", "\"city\":\"Rome\""));
        send(delete("u1"));

        assertThat(sent())
                .containsExactly(
                        "ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Oslo\",\"plan\":\"pro\"}",
                        "EVENTS {\"external_id\":\"u1\",\"name\":\"viewed\"}",
                        "ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Rome\"}",
                        "EXTERNAL_IDS \"u1\"");
    }

    @Test
    void coalescedAttributesLeaveWhenTheWindowEnds() throws Exception {
        open(Duration.ofSeconds(1));

        send(attributes("u1", "\"city\":\"Oslo\""));
        send(attributes("u1", "\"city\":\"Rome\""));
        assertThat(sent()).isEmpty();
        harness.setProcessingTime(1_000);

        assertThat(sent()).containsExactly("ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Rome\"}");
    }

    @Test
    void aDeleteAndAnIdentifyForgetWhatWasSentForTheirUsers() throws Exception {
        open(Duration.ZERO);
        send(attributes("u1", "\"city\":\"Oslo\""));
        send(aliasAttributes("anon-1", "\"city\":\"Oslo\",\"_update_existing_only\":false"));
        send(attributes("u2", "\"city\":\"Oslo\""));
        sent();

        send(delete("u1"));
        send(identify("u2", "anon-1"));
        send(attributes("u1", "\"city\":\"Oslo\""));
        send(aliasAttributes("anon-1", "\"city\":\"Oslo\",\"_update_existing_only\":false"));
        send(attributes("u2", "\"city\":\"Oslo\""));

        assertThat(sent())
                .as("after a delete or an identify the same values are sent again")
                .containsExactly(
                        "EXTERNAL_IDS \"u1\"",
                        "ALIASES_TO_IDENTIFY {\"external_id\":\"u2\",\"user_alias\":"
                                + "{\"alias_name\":\"anon-1\",\"alias_label\":\"cookie\"}}",
                        "ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Oslo\"}",
                        "ATTRIBUTES {\"user_alias\":{\"alias_name\":\"anon-1\","
                                + "\"alias_label\":\"cookie\"},\"city\":\"Oslo\","
                                + "\"_update_existing_only\":false}",
                        "ATTRIBUTES {\"external_id\":\"u2\",\"city\":\"Oslo\"}");
    }

    @Test
    void aValueIsSentAgainOnceItsTimeToLiveHasPassed() throws Exception {
        open(Duration.ofHours(1), Duration.ZERO, null);

        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"pro\""));
        at(Duration.ofMinutes(50));
        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"free\""));
        at(Duration.ofMinutes(70));
        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"free\""));
        at(Duration.ofHours(3));
        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"free\""));

        assertThat(sent())
                .as("city is resent once its hour is up although plan kept changing")
                .containsExactly(
                        "ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Oslo\",\"plan\":\"pro\"}",
                        "ATTRIBUTES {\"external_id\":\"u1\",\"plan\":\"free\"}",
                        "ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Oslo\"}",
                        "ATTRIBUTES {\"external_id\":\"u1\",\"city\":\"Oslo\",\"plan\":\"free\"}");
    }

    @Test
    void forgetsAUserGoneSilentForTheTimeToLive() throws Exception {
        open(Duration.ofHours(1), Duration.ZERO, null);
        send(attributes("u1", "\"city\":\"Oslo\""));
        send(attributes("u2", "\"city\":\"Oslo\""));
        at(Duration.ofMinutes(30));
        send(attributes("u2", "\"plan\":\"pro\""));

        at(Duration.ofMinutes(61));
        assertThat(harness.numKeyedStateEntries()).as("u1's table is gone").isEqualTo(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        open(Duration.ofHours(1), Duration.ZERO, snapshot);
        harness.setProcessingTime(Duration.ofMinutes(61).toMillis());
        send(attributes("u2", "\"city\":\"Oslo\",\"plan\":\"pro\""));
        harness.setProcessingTime(Duration.ofMinutes(91).toMillis());

        assertThat(sent())
                .as("u2's city expired at 60 min, its plan at 90 min")
                .containsExactly("ATTRIBUTES {\"external_id\":\"u2\",\"city\":\"Oslo\"}");
        assertThat(harness.numKeyedStateEntries())
                .as("u2's table lives on: city was sent again at 61 min")
                .isEqualTo(1);
    }

    @Test
    void remembersSentValuesAcrossASnapshotAndRestore() throws Exception {
        open(Duration.ZERO);
        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"pro\""));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        open(Duration.ofDays(7), Duration.ZERO, snapshot);
        send(attributes("u1", "\"city\":\"Oslo\",\"plan\":\"free\""));

        assertThat(sent()).containsExactly("ATTRIBUTES {\"external_id\":\"u1\",\"plan\":\"free\"}");
    }

    private static BrazeRecord attributes(String externalId, String fields) {
        return record(
                BrazeArray.ATTRIBUTES,
                "external_id:" + externalId,
                "{\"external_id\":\"" + externalId + "\"," + fields + "}");
    }

    private static BrazeRecord aliasAttributes(String aliasName, String fields) {
        return record(
                BrazeArray.ATTRIBUTES,
                UserKeys.alias(aliasName, "cookie"),
                "{\"user_alias\":{\"alias_name\":\""
                        + aliasName
                        + "\",\"alias_label\":\"cookie\"},"
                        + fields
                        + "}");
    }

    private static BrazeRecord event(String externalId, String name) {
        return record(
                BrazeArray.EVENTS,
                "external_id:" + externalId,
                "{\"external_id\":\"" + externalId + "\",\"name\":\"" + name + "\"}");
    }

    private static BrazeRecord delete(String externalId) {
        return record(
                BrazeArray.EXTERNAL_IDS, "external_id:" + externalId, "\"" + externalId + "\"");
    }

    private static BrazeRecord identify(String externalId, String aliasName) {
        return record(
                BrazeArray.ALIASES_TO_IDENTIFY,
                "external_id:" + externalId,
                "{\"external_id\":\""
                        + externalId
                        + "\",\"user_alias\":{\"alias_name\":\""
                        + aliasName
                        + "\",\"alias_label\":\"cookie\"}}");
    }

    private static BrazeRecord record(BrazeArray array, String userKey, String element) {
        byte[] bytes = element.getBytes(StandardCharsets.UTF_8);
        return new BrazeRecord(
                array,
                userKey,
                bytes,
                new RecordOrigin(SYNC, "t", 0, OFFSETS.incrementAndGet(), bytes));
    }
}
