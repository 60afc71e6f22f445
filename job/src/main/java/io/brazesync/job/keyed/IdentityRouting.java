package io.brazesync.job.keyed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.BrazeRecord;
import io.brazesync.connector.record.UserKeys;
import java.io.IOException;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Chooses the key under which each record reaches the keyed stage: its user key, and for an
 * identify also the identified alias' key, so both users' change-detection state is cleared.
 */
public final class IdentityRouting implements FlatMapFunction<BrazeRecord, UserRecord> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void flatMap(BrazeRecord record, Collector<UserRecord> out) throws IOException {
        out.collect(UserRecord.of(record.userKey(), record, false));
        if (record.array() == BrazeArray.ALIASES_TO_IDENTIFY) {
            JsonNode alias = JSON.readTree(record.element()).path("user_alias");
            String aliasKey =
                    UserKeys.alias(
                            alias.path("alias_name").asText(), alias.path("alias_label").asText());
            out.collect(UserRecord.of(aliasKey, record, true));
        }
    }
}
