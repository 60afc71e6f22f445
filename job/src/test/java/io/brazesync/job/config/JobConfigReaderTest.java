package io.brazesync.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.mapping.Mode;
import io.brazesync.connector.mapping.NullValues;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.mapping.TrackRecordType;
import io.brazesync.connector.sink.TrackCapModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobConfigReaderTest {

    private static final String BASE =
            String.join(
                    "\n",
                    "kafka:",
                    "  bootstrap-servers: k:9092",
                    "braze:",
                    "  endpoint: https://rest.fra-01.braze.eu",
                    "  api-key-env: BRAZE_API_KEY",
                    "  linger: 200ms",
                    "dead-letter-topic: dlq",
                    "syncs:",
                    "  - name: profiles",
                    "    topic: cdp.profiles",
                    "    mode: user_track",
                    "    track-record-type: user_profile_attributes",
                    "");

    @Test
    void theReadmeExampleIsAValidConfiguration() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String marker = "<!-- example: job-config -->\n```yaml\n";
        int start = readme.indexOf(marker);
        assertThat(start).as("the README holds the example configuration").isPositive();
        String yaml =
                readme.substring(
                        start + marker.length(), readme.indexOf("```", start + marker.length()));

        JobConfig config = JobConfigReader.parse(yaml);

        assertThat(config.syncs()).hasSize(6);
        assertThat(config.syncs())
                .extracting(sync -> sync.settings().mode())
                .containsExactly(
                        Mode.USER_TRACK,
                        Mode.USER_TRACK,
                        Mode.USER_TRACK,
                        Mode.USER_NEW_ALIAS,
                        Mode.USER_IDENTIFY,
                        Mode.USER_DELETE);
        SyncSettings profiles = config.syncs().get(0).settings();
        assertThat(profiles.preFormattedFields()).containsExactly("preferences", "addresses");
        assertThat(profiles.nullValues()).isEqualTo(NullValues.REMOVE);
        assertThat(config.syncs().get(5).settings().skipOnInvalidRecords()).isFalse();
        assertThat(config.braze().apiKey())
                .isEqualTo(ApiKeySource.fromFile("/etc/braze-sync/api-key"));
        assertThat(config.kafka().properties()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void appliesBrazesPublishedLimitsAndSafeDefaults() {
        JobConfig config = JobConfigReader.parse(BASE);

        BrazeSettings braze = config.braze();
        assertThat(braze.trackCapModel()).isEqualTo(TrackCapModel.TOTAL);
        assertThat(braze.trackCap()).isEqualTo(75);
        assertThat(braze.identityCap()).isEqualTo(50);
        assertThat(braze.maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(braze.trackRequestsPerWindow()).isEqualTo(3000);
        assertThat(braze.trackWindow()).isEqualTo(Duration.ofSeconds(3));
        assertThat(braze.identityRequestsPerWindow()).isEqualTo(20000);
        assertThat(braze.identityWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.kafka().groupId()).isEqualTo("braze-sync");
        assertThat(config.kafka().startingOffsets())
                .isEqualTo(KafkaSettings.StartingOffsets.COMMITTED);
        assertThat(config.changeDetectionTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.coalesceWindow()).isZero();
        assertThat(config.checkpointInterval()).isEqualTo(Optional.empty());
        SyncSettings sync = config.syncs().get(0).settings();
        assertThat(sync.trackRecordType()).isEqualTo(TrackRecordType.USER_PROFILE_ATTRIBUTES);
        assertThat(sync.skipOnInvalidRecords()).isTrue();
        assertThat(sync.nullValues()).isEqualTo(NullValues.IGNORE);
        assertThat(sync.changeDetection()).isTrue();
    }

    @Test
    void readsEveryBrazeSetting() {
        JobConfig config =
                JobConfigReader.parse(
                        BASE.replace(
                                "  api-key-env: BRAZE_API_KEY\n  linger: 200ms\n",
                                String.join(
                                        "\n",
                                        "  api-key-file: /run/key",
                                        "  track-cap-model: per-array",
                                        "  track-cap: 50",
                                        "  identity-cap: 25",
                                        "  max-body-bytes: 100000",
                                        "  linger: 1s",
                                        "  max-in-flight-requests: 4",
                                        "  max-buffered-records: 500",
                                        "  max-attempts: 3",
                                        "  initial-backoff: 50ms",
                                        "  max-backoff: 5s",
                                        "  request-timeout: 10s",
                                        "  track-rate-limit: {requests: 100, window: 1s}",
                                        "  identity-rate-limit: {requests: 60, window: 1m}",
                                        "")));

        BrazeSettings braze = config.braze();
        assertThat(braze.apiKey()).isEqualTo(ApiKeySource.fromFile("/run/key"));
        assertThat(braze.trackCapModel()).isEqualTo(TrackCapModel.PER_ARRAY);
        assertThat(List.of(braze.trackCap(), braze.identityCap(), braze.maxBodyBytes()))
                .containsExactly(50, 25, 100000);
        assertThat(braze.linger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(List.of(braze.maxInFlightRequests(), braze.maxBufferedRecords()))
                .containsExactly(4, 500);
        assertThat(braze.maxAttempts()).isEqualTo(3);
        assertThat(List.of(braze.initialBackoff(), braze.maxBackoff(), braze.requestTimeout()))
                .containsExactly(
                        Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(braze.trackRequestsPerWindow()).isEqualTo(100);
        assertThat(braze.trackWindow()).isEqualTo(Duration.ofSeconds(1));
        assertThat(braze.identityRequestsPerWindow()).isEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            ignoreLeadingAndTrailingWhitespace = false,
            value = {
                "unknown top-level key|dead-letter-topic: dlq|dead-letter-topc: dlq"
                        + "|unknown key 'dead-letter-topc'",
                "unknown braze key|  linger|  lingr|unknown key 'braze.lingr'",
                "unknown sync key|    mode: user_track|    mode: user_track\\n    modee: x"
                        + "|unknown key 'syncs[0].modee'",
                "bad mode|    mode: user_track|    mode: user_upsert"
                        + "|user_new_alias, user_identify, user_track, user_delete",
                "bad record type|track-record-type: user_profile_attributes"
                        + "|track-record-type: profiles"
                        + "|custom_events, purchases, user_profile_attributes",
                "record type for another mode|    mode: user_track|    mode: user_delete"
                        + "|track-record-type applies to mode user_track only",
                "track without record type|    track-record-type: user_profile_attributes\\n|"
                        + "|needs a track-record-type",
                "bad null values|    topic: cdp.profiles|    topic: cdp.profiles\\n"
                        + "    null-values: drop|ignore, remove",
                "bad starting offsets|  bootstrap-servers: k:9092|  bootstrap-servers: k:9092\\n"
                        + "  starting-offsets: newest|committed, earliest, latest",
                "bad track cap model|  linger: 200ms|  track-cap-model: legacy"
                        + "|allowed values: total, per-array",
                "track cap below one|  linger: 200ms|  track-cap: 0"
                        + "|'braze.track-cap' must be at least 1",
                "bad duration|  linger: 200ms|  linger: soon|'braze.linger' must be a duration",
                "flag not boolean|    topic: cdp.profiles|    topic: cdp.profiles\\n"
                        + "    skip-on-invalid-records: maybe"
                        + "|'syncs[0].skip-on-invalid-records' must be true or false",
                "missing endpoint|  endpoint: https://rest.fra-01.braze.eu\\n|"
                        + "|'braze.endpoint' is required",
                "plain http to a remote host|https://rest.fra-01.braze.eu"
                        + "|http://rest.fra-01.braze.eu|must use https",
                "both key sources|  api-key-env: BRAZE_API_KEY|  api-key-env: K\\n"
                        + "  api-key-file: /k|set exactly one of",
                "no key source|  api-key-env: BRAZE_API_KEY\\n||set exactly one of",
                "literal key|  api-key-env: BRAZE_API_KEY|  api-key: abc123"
                        + "|the key itself never goes in the configuration",
                "no syncs|syncs:|nosyncs:|unknown key 'nosyncs'",
                "time-to-live of zero|dead-letter-topic: dlq|dead-letter-topic: dlq\\n"
                        + "change-detection:\\n  ttl: 0s|'change-detection.ttl' must be positive",
            })
    void refusesABadConfigurationNamingTheKeyAndTheAllowedValues(
            String what, String replace, String with, String message) {
        String broken = BASE.replace(unescape(replace), with == null ? "" : unescape(with));
        assertThat(broken).as("the case changes the configuration").isNotEqualTo(BASE);

        assertThatThrownBy(() -> JobConfigReader.parse(broken))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("abc123");
    }

    @Test
    void refusesTwoSyncsOnOneTopicAndTwoSyncsWithOneName() {
        String second =
                "  - name: events\n"
                        + "    topic: cdp.profiles\n"
                        + "    mode: user_track\n"
                        + "    track-record-type: custom_events\n";

        assertThatThrownBy(() -> JobConfigReader.parse(BASE + second))
                .hasMessageContaining("two syncs read topic 'cdp.profiles'");
        assertThatThrownBy(
                        () ->
                                JobConfigReader.parse(
                                        BASE
                                                + second.replace("cdp.profiles", "cdp.events")
                                                        .replace("events\n", "profiles\n")))
                .hasMessageContaining("two syncs are named 'profiles'");
    }

    @Test
    void keepsExtraKafkaPropertiesAsText() {
        JobConfig config =
                JobConfigReader.parse(
                        BASE.replace(
                                "  bootstrap-servers: k:9092",
                                "  bootstrap-servers: k:9092\n"
                                        + "  properties:\n"
                                        + "    max.poll.records: 500\n"
                                        + "    client.rack: eu-1a"));

        assertThat(config.kafka().properties())
                .isEqualTo(Map.of("max.poll.records", "500", "client.rack", "eu-1a"));
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n");
    }
}
