package io.brazesync.job.config;

import java.util.Map;

/**
 * How the job reads Kafka: brokers, consumer group, where to start, whether to stop at the end of
 * what is there now, and extra client properties (security settings, for example).
 */
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        StartingOffsets startingOffsets,
        boolean stopAtLatest,
        Map<String, String> properties) {

    /** Where a sync starts reading when its consumer group has no committed offset. */
    public enum StartingOffsets {
        /** The group's committed offsets, or the earliest where it has none. */
        COMMITTED,
        EARLIEST,
        LATEST
    }
}
