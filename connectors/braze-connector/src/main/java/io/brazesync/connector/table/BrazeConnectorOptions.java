package io.brazesync.connector.table;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.brazesync.connector.sink.BrazeSinkBuilder;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;

/**
 * The options of the {@code braze} SQL connector. Their names are the keys of a YAML sync and of
 * its {@code braze} section, so a table and a sync with the same settings behave the same.
 */
@PublicEvolving
public final class BrazeConnectorOptions {

    // The sync: what the rows become.

    public static final ConfigOption<String> MODE =
            key("mode")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Which Braze endpoint family the rows drive: user_new_alias,"
                                    + " user_identify, user_track or user_delete.");

    public static final ConfigOption<String> TRACK_RECORD_TYPE =
            key("track-record-type")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "For mode user_track, and required there: which /users/track array"
                                    + " the rows become: custom_events, purchases or"
                                    + " user_profile_attributes.");

    public static final ConfigOption<List<String>> PRE_FORMATTED_FIELDS =
            key("pre-formatted-fields")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "STRING columns, separated by ';', whose values hold JSON text (an"
                                    + " array or object); they are parsed and sent as JSON.");

    public static final ConfigOption<Boolean> SKIP_ON_INVALID_RECORDS =
            key("skip-on-invalid-records")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "true: an invalid row goes to the dead-letter topic with its reason"
                                    + " and the job goes on. false: the job stops with an error"
                                    + " that names the table and the reason.");

    public static final ConfigOption<String> NULL_VALUES =
            key("null-values")
                    .stringType()
                    .defaultValue("ignore")
                    .withDescription(
                            "For mode user_track: 'ignore' leaves a NULL column out, so Braze"
                                    + " keeps what it has; 'remove' sends it as null, so Braze"
                                    + " removes the attribute.");

    public static final ConfigOption<String> SYNC_NAME =
            key("sync-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The sync name dead letters and metrics carry; default: the"
                                    + " table's name.");

    // Braze: where to send and how.

    public static final ConfigOption<String> ENDPOINT =
            key("endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Braze's REST host for the workspace, such as"
                                    + " https://rest.iad-01.braze.com; https except on"
                                    + " loopback.");

    public static final ConfigOption<String> API_KEY_ENV =
            key("api-key-env")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The environment variable that holds the Braze API key on every"
                                    + " task manager. Set this or api-key-file.");

    public static final ConfigOption<String> API_KEY_FILE =
            key("api-key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The file that holds the Braze API key on every task manager. Set"
                                    + " this or api-key-env.");

    public static final ConfigOption<String> TRACK_CAP_MODEL =
            key("track-cap-model")
                    .stringType()
                    .defaultValue("total")
                    .withDescription(
                            "How Braze counts the /users/track cap: 'total' across the three"
                                    + " arrays, or 'per-array' (workspaces on legacy limits).");

    public static final ConfigOption<Integer> TRACK_CAP =
            key("track-cap")
                    .intType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_TRACK_CAP)
                    .withDescription("Objects per /users/track request.");

    public static final ConfigOption<Integer> IDENTITY_CAP =
            key("identity-cap")
                    .intType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_IDENTITY_CAP)
                    .withDescription(
                            "Objects per /users/identify, /users/alias/new and /users/delete"
                                    + " request.");

    public static final ConfigOption<Integer> MAX_BODY_BYTES =
            key("max-body-bytes")
                    .intType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_MAX_BODY_BYTES)
                    .withDescription("The largest request body, in bytes.");

    public static final ConfigOption<Duration> LINGER =
            key("linger")
                    .durationType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_LINGER)
                    .withDescription(
                            "How long a part-filled batch may wait for more rows before it is"
                                    + " sent.");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT_REQUESTS =
            key("max-in-flight-requests")
                    .intType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_MAX_IN_FLIGHT)
                    .withDescription("Requests in flight at once, per sink subtask.");

    public static final ConfigOption<Integer> MAX_BUFFERED_RECORDS =
            key("max-buffered-records")
                    .intType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_MAX_BUFFERED)
                    .withDescription(
                            "Records a sink subtask holds before it slows its input down"
                                    + " (backpressure).");

    public static final ConfigOption<Integer> MAX_ATTEMPTS =
            key("max-attempts")
                    .intType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_MAX_ATTEMPTS)
                    .withDescription(
                            "Attempts per record for retryable failures (429, 5xx, timeouts)"
                                    + " before it is dead-lettered.");

    public static final ConfigOption<Duration> INITIAL_BACKOFF =
            key("initial-backoff")
                    .durationType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_INITIAL_BACKOFF)
                    .withDescription("The first retry's backoff; it doubles, with jitter.");

    public static final ConfigOption<Duration> MAX_BACKOFF =
            key("max-backoff")
                    .durationType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_MAX_BACKOFF)
                    .withDescription("The longest backoff between two attempts.");

    public static final ConfigOption<Duration> REQUEST_TIMEOUT =
            key("request-timeout")
                    .durationType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_REQUEST_TIMEOUT)
                    .withDescription("How long one request may take before it is retried.");

    public static final ConfigOption<Long> TRACK_RATE_LIMIT_REQUESTS =
            key("track-rate-limit.requests")
                    .longType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_TRACK_REQUESTS)
                    .withDescription(
                            "The workspace's /users/track budget per window, shared by the"
                                    + " table's sink subtasks.");

    public static final ConfigOption<Duration> TRACK_RATE_LIMIT_WINDOW =
            key("track-rate-limit.window")
                    .durationType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_TRACK_WINDOW)
                    .withDescription("The window of the /users/track budget.");

    public static final ConfigOption<Long> IDENTITY_RATE_LIMIT_REQUESTS =
            key("identity-rate-limit.requests")
                    .longType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_IDENTITY_REQUESTS)
                    .withDescription(
                            "The budget per window that identify, alias/new and delete share.");

    public static final ConfigOption<Duration> IDENTITY_RATE_LIMIT_WINDOW =
            key("identity-rate-limit.window")
                    .durationType()
                    .defaultValue(BrazeSinkBuilder.DEFAULT_IDENTITY_WINDOW)
                    .withDescription("The window of the identify, alias/new and delete budget.");

    // Dead letters: where rows that never reach Braze go.

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key("dead-letter-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The Kafka topic for invalid rows and records Braze rejects, with"
                                    + " the reason in headers.");

    public static final ConfigOption<String> DEAD_LETTER_BOOTSTRAP_SERVERS =
            key("dead-letter-bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The Kafka brokers of the dead-letter topic.");

    /**
     * Options starting with this prefix are Kafka producer properties of the dead-letter topic,
     * such as {@code dead-letter-properties.security.protocol}.
     */
    public static final String DEAD_LETTER_PROPERTIES_PREFIX = "dead-letter-properties.";

    // Options that do not exist, named so that setting them fails with a clear message.

    /** The API key itself; refused, because it would be visible in the DDL and the catalog. */
    static final String API_KEY = "api-key";

    /** Change detection is a step of the job's YAML syncs that a SQL table does not have. */
    static final String CHANGE_DETECTION = "change-detection";

    private BrazeConnectorOptions() {}
}
