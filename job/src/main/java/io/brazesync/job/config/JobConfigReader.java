package io.brazesync.job.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.client.BrazeEndpointUrl;
import io.brazesync.connector.mapping.Mode;
import io.brazesync.connector.mapping.NullValues;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.mapping.TrackRecordType;
import io.brazesync.connector.sink.BrazeSinkBuilder;
import io.brazesync.connector.sink.TrackCapModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the YAML job configuration. Unknown keys and bad values fail here, before the job starts,
 * with a message that names the key and the allowed values.
 */
public final class JobConfigReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private JobConfigReader() {}

    public static JobConfig read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static JobConfig parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(
                    "the configuration is not valid YAML: " + e.getOriginalMessage());
        }
        ConfigNode config =
                new ConfigNode("", root)
                        .allowOnly(
                                "kafka",
                                "braze",
                                "dead-letter-topic",
                                "checkpoint-interval",
                                "change-detection",
                                "syncs");
        KafkaSettings kafka = kafka(config.child("kafka"));
        BrazeSettings braze = braze(config.child("braze"));
        String deadLetterTopic = config.requiredString("dead-letter-topic");
        ConfigNode changeDetection =
                config.child("change-detection").allowOnly("ttl", "coalesce-window");
        Duration ttl = changeDetection.duration("ttl", Duration.ofDays(7));
        if (ttl.isZero() || ttl.isNegative()) {
            throw new InvalidConfigException(changeDetection.key("ttl") + " must be positive");
        }
        Duration coalesceWindow = changeDetection.duration("coalesce-window", Duration.ZERO);
        Optional<Duration> checkpoints =
                Optional.ofNullable(config.duration("checkpoint-interval", null));
        List<JobConfig.SyncBinding> syncs = syncs(config);
        return new JobConfig(
                kafka, braze, deadLetterTopic, ttl, coalesceWindow, checkpoints, syncs);
    }

    private static KafkaSettings kafka(ConfigNode kafka) {
        kafka.allowOnly(
                "bootstrap-servers",
                "group-id",
                "starting-offsets",
                "stop-at-latest",
                "properties");
        String offsets = kafka.string("starting-offsets", "committed");
        KafkaSettings.StartingOffsets starting;
        try {
            starting = KafkaSettings.StartingOffsets.valueOf(offsets.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    kafka.key("starting-offsets")
                            + " is '"
                            + offsets
                            + "'; allowed values: committed, earliest, latest");
        }
        KafkaSettings settings =
                new KafkaSettings(
                        kafka.requiredString("bootstrap-servers"),
                        kafka.string("group-id", "braze-sync"),
                        starting,
                        kafka.bool("stop-at-latest", false),
                        kafka.stringMap("properties"));
        return settings;
    }

    private static BrazeSettings braze(ConfigNode braze) {
        ApiKeySource key;
        if (braze.has("api-key")) {
            throw new InvalidConfigException(
                    braze.key("api-key")
                            + " is not allowed: the key itself never goes in the configuration;"
                            + " set "
                            + braze.key("api-key-env")
                            + " or "
                            + braze.key("api-key-file")
                            + " instead");
        }
        braze.allowOnly(
                "endpoint",
                "api-key-env",
                "api-key-file",
                "track-cap-model",
                "track-cap",
                "identity-cap",
                "max-body-bytes",
                "linger",
                "max-in-flight-requests",
                "max-buffered-records",
                "max-attempts",
                "initial-backoff",
                "max-backoff",
                "request-timeout",
                "track-rate-limit",
                "identity-rate-limit");
        if (braze.has("api-key-env") == braze.has("api-key-file")) {
            throw new InvalidConfigException(
                    "set exactly one of "
                            + braze.key("api-key-env")
                            + " (an environment variable) or "
                            + braze.key("api-key-file")
                            + " (a file); the key itself never goes in the configuration");
        }
        key =
                braze.has("api-key-env")
                        ? ApiKeySource.fromEnvironment(braze.requiredString("api-key-env"))
                        : ApiKeySource.fromFile(braze.requiredString("api-key-file"));
        String model = braze.string("track-cap-model", "total");
        TrackCapModel capModel;
        switch (model) {
            case "total":
                capModel = TrackCapModel.TOTAL;
                break;
            case "per-array":
                capModel = TrackCapModel.PER_ARRAY;
                break;
            default:
                throw new InvalidConfigException(
                        braze.key("track-cap-model")
                                + " is '"
                                + model
                                + "'; allowed values: total, per-array");
        }
        ConfigNode trackLimit = braze.child("track-rate-limit").allowOnly("requests", "window");
        ConfigNode identityLimit =
                braze.child("identity-rate-limit").allowOnly("requests", "window");
        String endpoint = braze.requiredString("endpoint");
        try {
            BrazeEndpointUrl.check(endpoint);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(braze.key("endpoint") + ": " + e.getMessage());
        }
        BrazeSettings settings =
                new BrazeSettings(
                        endpoint,
                        key,
                        capModel,
                        positive(braze, "track-cap", BrazeSinkBuilder.DEFAULT_TRACK_CAP),
                        positive(braze, "identity-cap", BrazeSinkBuilder.DEFAULT_IDENTITY_CAP),
                        positive(braze, "max-body-bytes", BrazeSinkBuilder.DEFAULT_MAX_BODY_BYTES),
                        braze.duration("linger", BrazeSinkBuilder.DEFAULT_LINGER),
                        positive(
                                braze,
                                "max-in-flight-requests",
                                BrazeSinkBuilder.DEFAULT_MAX_IN_FLIGHT),
                        positive(
                                braze,
                                "max-buffered-records",
                                BrazeSinkBuilder.DEFAULT_MAX_BUFFERED),
                        positive(braze, "max-attempts", BrazeSinkBuilder.DEFAULT_MAX_ATTEMPTS),
                        braze.duration("initial-backoff", BrazeSinkBuilder.DEFAULT_INITIAL_BACKOFF),
                        braze.duration("max-backoff", BrazeSinkBuilder.DEFAULT_MAX_BACKOFF),
                        braze.duration("request-timeout", BrazeSinkBuilder.DEFAULT_REQUEST_TIMEOUT),
                        trackLimit.longValue("requests", BrazeSinkBuilder.DEFAULT_TRACK_REQUESTS),
                        trackLimit.duration("window", BrazeSinkBuilder.DEFAULT_TRACK_WINDOW),
                        identityLimit.longValue(
                                "requests", BrazeSinkBuilder.DEFAULT_IDENTITY_REQUESTS),
                        identityLimit.duration("window", BrazeSinkBuilder.DEFAULT_IDENTITY_WINDOW));
        return settings;
    }

    private static int positive(ConfigNode node, String key, int fallback) {
        int value = node.integer(key, fallback);
        if (value < 1) {
            throw new InvalidConfigException(node.key(key) + " must be at least 1");
        }
        return value;
    }

    private static List<JobConfig.SyncBinding> syncs(ConfigNode config) {
        List<JobConfig.SyncBinding> syncs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> topics = new HashSet<>();
        for (ConfigNode sync : config.children("syncs")) {
            sync.allowOnly(
                    "name",
                    "topic",
                    "mode",
                    "track-record-type",
                    "pre-formatted-fields",
                    "skip-on-invalid-records",
                    "null-values",
                    "change-detection");
            String name = sync.requiredString("name");
            String topic = sync.requiredString("topic");
            if (!names.add(name)) {
                throw new InvalidConfigException("two syncs are named '" + name + "'");
            }
            if (!topics.add(topic)) {
                throw new InvalidConfigException(
                        "two syncs read topic '" + topic + "'; a topic feeds one sync");
            }
            SyncSettings settings;
            try {
                Mode mode = Mode.fromConfig(sync.requiredString("mode"));
                SyncSettings.Builder builder =
                        SyncSettings.builder(name)
                                .mode(mode)
                                .preFormattedFields(sync.strings("pre-formatted-fields"))
                                .skipOnInvalidRecords(sync.bool("skip-on-invalid-records", true))
                                .nullValues(
                                        NullValues.fromConfig(sync.string("null-values", "ignore")))
                                .changeDetection(sync.bool("change-detection", true));
                String recordType = sync.string("track-record-type", null);
                if (recordType != null) {
                    if (mode != Mode.USER_TRACK) {
                        throw new IllegalArgumentException(
                                "track-record-type applies to mode user_track only");
                    }
                    builder.trackRecordType(TrackRecordType.fromConfig(recordType));
                }
                settings = builder.build();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidConfigException("sync '" + name + "': " + e.getMessage());
            }
            syncs.add(new JobConfig.SyncBinding(topic, settings));
        }
        if (syncs.isEmpty()) {
            throw new InvalidConfigException("'syncs' must list at least one sync");
        }
        return syncs;
    }
}
