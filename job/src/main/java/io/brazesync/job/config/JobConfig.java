package io.brazesync.job.config;

import io.brazesync.connector.mapping.SyncSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole job configuration, read from YAML by {@link JobConfigReader}: Kafka, Braze, the
 * dead-letter topic, change detection and the syncs.
 *
 * @param changeDetectionTtl how long an attribute's fingerprint is kept after it was last sent
 * @param coalesceWindow how long a user's attribute updates are gathered into one; zero is off
 * @param syncs each binds one topic to a Braze mode
 * @param checkpointInterval used when the job runs outside a cluster that sets its own
 */
public record JobConfig(
        KafkaSettings kafka,
        BrazeSettings braze,
        String deadLetterTopic,
        Duration changeDetectionTtl,
        Duration coalesceWindow,
        Optional<Duration> checkpointInterval,
        List<SyncBinding> syncs) {

    /** One sync and the topic it reads. */
    public record SyncBinding(String topic, SyncSettings settings) {}
}
