package io.brazesync.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.brazesync.emulator.Profile;
import io.brazesync.emulator.RecordedRequest;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.job.local.EmbeddedServices;
import io.brazesync.job.local.ServicesPerClass;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Profile records go from a real Kafka topic through the job into Braze's /users/track. */
class ProfileSyncITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = ServicesPerClass.miniCluster(1, 2);

    @RegisterExtension static final ServicesPerClass SERVICES = new ServicesPerClass();

    private static EmbeddedServices services() {
        return SERVICES.get();
    }

    @Test
    void everyProfileRecordReachesBrazeAsAWellFormedAttributesObject() throws Exception {
        services().kafka().createTopic("profiles", 3);
        services().kafka().createTopic("dead-letters", 1);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(
                    String.format(
                                    "{\"external_id\":\"p%d\",\"first_name\":\"N%d\","
                                            + "\"score\":%d,\"tags\":[\"a\",\"b\"]}",
                                    i, i, i * 3)
                            .getBytes(StandardCharsets.UTF_8));
        }
        services().kafka().produce("profiles", null, records);
        JobConfig config =
                JobConfigReader.parse(
                        services()
                                .fillIn(
                                        String.join(
                                                "\n",
                                                "kafka:",
                                                "  bootstrap-servers: ${KAFKA_BOOTSTRAP}",
                                                "  starting-offsets: earliest",
                                                "  stop-at-latest: true",
                                                "braze:",
                                                "  endpoint: ${BRAZE_ENDPOINT}",
                                                "  api-key-file: ${BRAZE_API_KEY_FILE}",
                                                "dead-letter-topic: dead-letters",
                                                "syncs:",
                                                "  - name: profiles",
                                                "    topic: profiles",
                                                "    mode: user_track",
                                                "    track-record-type: user_profile_attributes")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        BrazeSyncJob.run(env, config, "profiles");

        List<RecordedRequest> requests = services().braze().requests();
        assertThat(requests).isNotEmpty();
        assertThat(requests)
                .allSatisfy(
                        request -> {
                            assertThat(request.path()).isEqualTo("/users/track");
                            assertThat(request.status()).isEqualTo(201);
                            assertThat(request.objectCount()).isBetween(1, 75);
                            assertThat(fieldNames(request.body())).containsExactly("attributes");
                            for (JsonNode attributes : request.body().get("attributes")) {
                                assertThat(fieldNames(attributes))
                                        .containsExactlyInAnyOrder(
                                                "external_id", "first_name", "score", "tags");
                            }
                        });
        assertThat(requests.stream().mapToInt(RecordedRequest::objectCount).sum()).isEqualTo(1000);
        for (int i = 0; i < 1000; i++) {
            Profile profile = services().braze().state().byExternalId("p" + i).orElseThrow();
            assertThat(profile.attributes().get("first_name").asText()).isEqualTo("N" + i);
            assertThat(profile.attributes().get("score").asInt()).isEqualTo(i * 3);
            assertThat(profile.attributes().get("tags")).hasSize(2);
        }
        assertThat(services().kafka().readAll("dead-letters")).isEmpty();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
