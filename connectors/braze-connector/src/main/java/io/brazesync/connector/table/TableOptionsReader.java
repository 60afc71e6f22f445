package io.brazesync.connector.table;

import static io.brazesync.connector.table.BrazeConnectorOptions.API_KEY_ENV;
import static io.brazesync.connector.table.BrazeConnectorOptions.API_KEY_FILE;
import static io.brazesync.connector.table.BrazeConnectorOptions.DEAD_LETTER_BOOTSTRAP_SERVERS;
import static io.brazesync.connector.table.BrazeConnectorOptions.DEAD_LETTER_PROPERTIES_PREFIX;
import static io.brazesync.connector.table.BrazeConnectorOptions.DEAD_LETTER_TOPIC;
import static io.brazesync.connector.table.BrazeConnectorOptions.ENDPOINT;
import static io.brazesync.connector.table.BrazeConnectorOptions.IDENTITY_CAP;
import static io.brazesync.connector.table.BrazeConnectorOptions.IDENTITY_RATE_LIMIT_REQUESTS;
import static io.brazesync.connector.table.BrazeConnectorOptions.IDENTITY_RATE_LIMIT_WINDOW;
import static io.brazesync.connector.table.BrazeConnectorOptions.INITIAL_BACKOFF;
import static io.brazesync.connector.table.BrazeConnectorOptions.LINGER;
import static io.brazesync.connector.table.BrazeConnectorOptions.MAX_ATTEMPTS;
import static io.brazesync.connector.table.BrazeConnectorOptions.MAX_BACKOFF;
import static io.brazesync.connector.table.BrazeConnectorOptions.MAX_BODY_BYTES;
import static io.brazesync.connector.table.BrazeConnectorOptions.MAX_BUFFERED_RECORDS;
import static io.brazesync.connector.table.BrazeConnectorOptions.MAX_IN_FLIGHT_REQUESTS;
import static io.brazesync.connector.table.BrazeConnectorOptions.MODE;
import static io.brazesync.connector.table.BrazeConnectorOptions.NULL_VALUES;
import static io.brazesync.connector.table.BrazeConnectorOptions.PRE_FORMATTED_FIELDS;
import static io.brazesync.connector.table.BrazeConnectorOptions.REQUEST_TIMEOUT;
import static io.brazesync.connector.table.BrazeConnectorOptions.SKIP_ON_INVALID_RECORDS;
import static io.brazesync.connector.table.BrazeConnectorOptions.SYNC_NAME;
import static io.brazesync.connector.table.BrazeConnectorOptions.TRACK_CAP;
import static io.brazesync.connector.table.BrazeConnectorOptions.TRACK_CAP_MODEL;
import static io.brazesync.connector.table.BrazeConnectorOptions.TRACK_RATE_LIMIT_REQUESTS;
import static io.brazesync.connector.table.BrazeConnectorOptions.TRACK_RATE_LIMIT_WINDOW;
import static io.brazesync.connector.table.BrazeConnectorOptions.TRACK_RECORD_TYPE;

import io.brazesync.connector.client.ApiKeySource;
import io.brazesync.connector.client.BrazeEndpointUrl;
import io.brazesync.connector.deadletter.DeadLetterQueueFactory;
import io.brazesync.connector.deadletter.KafkaDeadLetterQueue;
import io.brazesync.connector.mapping.Mode;
import io.brazesync.connector.mapping.NullValues;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.mapping.TrackRecordType;
import io.brazesync.connector.sink.BrazeSink;
import io.brazesync.connector.sink.TrackCapModel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * Reads a braze table's validated options into the sync's settings and the Braze sink, with
 * messages that name the option and its allowed values.
 */
@Internal
final class TableOptionsReader {

    private TableOptionsReader() {}

    /** The sync the table stands for; change detection is a step SQL tables do not have. */
    static SyncSettings sync(ReadableConfig options, String tableName) {
        Mode mode = parse(MODE, () -> Mode.fromConfig(options.get(MODE)));
        String recordType = options.get(TRACK_RECORD_TYPE);
        if (mode == Mode.USER_TRACK && recordType == null) {
            throw new ValidationException(
                    "option 'track-record-type' is required when 'mode' = 'user_track'; allowed"
                            + " values: custom_events, purchases, user_profile_attributes");
        }
        if (mode != Mode.USER_TRACK && recordType != null) {
            throw new ValidationException(
                    "option 'track-record-type' applies to 'mode' = 'user_track' only, not to "
                            + mode.configValue());
        }
        SyncSettings.Builder builder =
                SyncSettings.builder(options.getOptional(SYNC_NAME).orElse(tableName))
                        .mode(mode)
                        .preFormattedFields(options.get(PRE_FORMATTED_FIELDS))
                        .skipOnInvalidRecords(options.get(SKIP_ON_INVALID_RECORDS))
                        .nullValues(
                                parse(
                                        NULL_VALUES,
                                        () -> NullValues.fromConfig(options.get(NULL_VALUES))))
                        .changeDetection(false);
        if (recordType != null) {
            builder.trackRecordType(
                    parse(TRACK_RECORD_TYPE, () -> TrackRecordType.fromConfig(recordType)));
        }
        return builder.build();
    }

    /**
     * Where the sink or the row mapping puts what never reaches Braze; the prefix names the Kafka
     * producers of each.
     */
    static DeadLetterQueueFactory deadLetters(
            ReadableConfig options, Map<String, String> tableOptions, String clientIdPrefix) {
        Map<String, String> properties = new HashMap<>();
        tableOptions.forEach(
                (key, value) -> {
                    if (key.startsWith(DEAD_LETTER_PROPERTIES_PREFIX)) {
                        properties.put(
                                key.substring(DEAD_LETTER_PROPERTIES_PREFIX.length()), value);
                    }
                });
        return KafkaDeadLetterQueue.factory(
                options.get(DEAD_LETTER_BOOTSTRAP_SERVERS),
                options.get(DEAD_LETTER_TOPIC),
                properties,
                clientIdPrefix);
    }

    /** The same sink operator a DataStream job builds, with the table's settings. */
    static BrazeSink sink(ReadableConfig options, DeadLetterQueueFactory deadLetters) {
        String endpoint = options.get(ENDPOINT);
        parse(ENDPOINT, () -> BrazeEndpointUrl.check(endpoint));
        try {
            return BrazeSink.builder()
                    .endpoint(endpoint)
                    .apiKey(apiKey(options))
                    .trackCap(trackCapModel(options), atLeastOne(options, TRACK_CAP))
                    .identityCap(atLeastOne(options, IDENTITY_CAP))
                    .maxBodyBytes(atLeastOne(options, MAX_BODY_BYTES))
                    .linger(notNegative(options, LINGER))
                    .maxInFlightRequests(atLeastOne(options, MAX_IN_FLIGHT_REQUESTS))
                    .maxBufferedRecords(atLeastOne(options, MAX_BUFFERED_RECORDS))
                    .retries(
                            atLeastOne(options, MAX_ATTEMPTS),
                            notNegative(options, INITIAL_BACKOFF),
                            notNegative(options, MAX_BACKOFF))
                    .requestTimeout(positive(options, REQUEST_TIMEOUT))
                    .trackRateLimit(
                            requestsPerWindow(options, TRACK_RATE_LIMIT_REQUESTS),
                            positive(options, TRACK_RATE_LIMIT_WINDOW))
                    .identityRateLimit(
                            requestsPerWindow(options, IDENTITY_RATE_LIMIT_REQUESTS),
                            positive(options, IDENTITY_RATE_LIMIT_WINDOW))
                    .deadLetters(deadLetters)
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ValidationException("invalid Braze sink options: " + e.getMessage());
        }
    }

    private static ApiKeySource apiKey(ReadableConfig options) {
        boolean fromEnvironment = options.getOptional(API_KEY_ENV).isPresent();
        boolean fromFile = options.getOptional(API_KEY_FILE).isPresent();
        if (fromEnvironment == fromFile) {
            throw new ValidationException(
                    "set exactly one of the options 'api-key-env' (an environment variable) or"
                            + " 'api-key-file' (a file) on the braze table; the key itself never"
                            + " goes in the DDL");
        }
        return fromEnvironment
                ? ApiKeySource.fromEnvironment(options.get(API_KEY_ENV))
                : ApiKeySource.fromFile(options.get(API_KEY_FILE));
    }

    private static TrackCapModel trackCapModel(ReadableConfig options) {
        String model = options.get(TRACK_CAP_MODEL);
        switch (model) {
            case "total":
                return TrackCapModel.TOTAL;
            case "per-array":
                return TrackCapModel.PER_ARRAY;
            default:
                throw new ValidationException(
                        String.format(
                                "option 'track-cap-model' is '%s'; allowed values: total,"
                                        + " per-array",
                                model));
        }
    }

    private static int atLeastOne(ReadableConfig options, ConfigOption<Integer> option) {
        return (int) atLeastOne(option.key(), options.get(option));
    }

    private static long requestsPerWindow(ReadableConfig options, ConfigOption<Long> option) {
        return atLeastOne(option.key(), options.get(option));
    }

    private static long atLeastOne(String key, long value) {
        if (value < 1) {
            throw new ValidationException(
                    String.format("option '%s' must be at least 1, got %d", key, value));
        }
        return value;
    }

    private static Duration notNegative(ReadableConfig options, ConfigOption<Duration> option) {
        Duration value = options.get(option);
        if (value.isNegative()) {
            throw new ValidationException(
                    String.format("option '%s' must not be negative", option.key()));
        }
        return value;
    }

    private static Duration positive(ReadableConfig options, ConfigOption<Duration> option) {
        Duration value = options.get(option);
        if (value.toMillis() <= 0) {
            throw new ValidationException(
                    String.format("option '%s' must be at least 1 ms", option.key()));
        }
        return value;
    }

    private static <T> T parse(ConfigOption<?> option, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new ValidationException("option '" + option.key() + "': " + e.getMessage());
        }
    }
}
