package io.brazesync.job.syncs;

import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.job.local.EmbeddedServices;
import java.util.List;

/**
 * One topic per sync of a typical CDP (profiles, events, purchases, aliases, identifies, deletes),
 * named with a prefix so that tests sharing a broker never read each other's records.
 */
final class SyncTopics {

    static final List<String> SYNCS =
            List.of("profiles", "events", "purchases", "aliases", "identifies", "deletes");

    private final String prefix;

    SyncTopics(String prefix) {
        this.prefix = prefix;
    }

    String topic(String sync) {
        return prefix + "." + sync;
    }

    String deadLetterTopic() {
        return prefix + ".dead-letters";
    }

    String groupId() {
        return prefix + "-group";
    }

    void create(EmbeddedServices services, int partitions) throws Exception {
        for (String sync : SYNCS) {
            services.kafka().createTopic(topic(sync), partitions);
        }
        services.kafka().createTopic(deadLetterTopic(), 1);
    }

    /** The configuration of a job over all six syncs, read to the end of the topics or not. */
    JobConfig config(EmbeddedServices services, boolean skipInvalid, boolean stopAtLatest) {
        return config(services, skipInvalid, stopAtLatest, "");
    }

    /**
     * @param braze extra lines of the {@code braze:} section, each indented by two spaces
     */
    JobConfig config(
            EmbeddedServices services, boolean skipInvalid, boolean stopAtLatest, String braze) {
        String skip = "    skip-on-invalid-records: " + skipInvalid;
        return JobConfigReader.parse(
                services.fillIn(
                        String.join(
                                "\n",
                                "kafka:",
                                "  bootstrap-servers: ${KAFKA_BOOTSTRAP}",
                                "  group-id: " + groupId(),
                                "  starting-offsets: committed",
                                "  stop-at-latest: " + stopAtLatest,
                                "  properties:",
                                // Dead letters carry the original record, as large as the broker
                                // takes.
                                "    max.request.size: " + services.kafka().maxMessageBytes(),
                                "braze:",
                                "  endpoint: ${BRAZE_ENDPOINT}",
                                "  api-key-file: ${BRAZE_API_KEY_FILE}",
                                "  linger: 50ms",
                                braze,
                                "dead-letter-topic: " + deadLetterTopic(),
                                "syncs:",
                                "  - name: profiles",
                                "    topic: " + topic("profiles"),
                                "    mode: user_track",
                                "    track-record-type: user_profile_attributes",
                                "    pre-formatted-fields: [preferences]",
                                skip,
                                "  - name: events",
                                "    topic: " + topic("events"),
                                "    mode: user_track",
                                "    track-record-type: custom_events",
                                skip,
                                "  - name: purchases",
                                "    topic: " + topic("purchases"),
                                "    mode: user_track",
                                "    track-record-type: purchases",
                                skip,
                                "  - name: aliases",
                                "    topic: " + topic("aliases"),
                                "    mode: user_new_alias",
                                skip,
                                "  - name: identifies",
                                "    topic: " + topic("identifies"),
                                "    mode: user_identify",
                                skip,
                                "  - name: deletes",
                                "    topic: " + topic("deletes"),
                                "    mode: user_delete",
                                skip)));
    }
}
