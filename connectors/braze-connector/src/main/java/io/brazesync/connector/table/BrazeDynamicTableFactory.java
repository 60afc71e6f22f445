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

import io.brazesync.connector.deadletter.DeadLetterQueueFactory;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.sink.BrazeSink;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

/**
 * The {@code braze} SQL connector: a table whose inserted rows are sent to Braze, with the same
 * settings and the same sink operator as a YAML sync.
 *
 * <pre>{@code
 * CREATE TABLE braze_events (
 *     external_id STRING,
 *     name STRING,
 *     `time` TIMESTAMP_LTZ(3),
 *     properties ROW<plan STRING>
 * ) WITH (
 *     'connector' = 'braze',
 *     'mode' = 'user_track',
 *     'track-record-type' = 'custom_events',
 *     'endpoint' = 'https://rest.iad-01.braze.com',
 *     'api-key-env' = 'BRAZE_API_KEY',
 *     'dead-letter-topic' = 'braze-dead-letters',
 *     'dead-letter-bootstrap-servers' = 'kafka:9092'
 * );
 * }</pre>
 *
 * <p>Options and the table's columns are checked against the mode at planning time; every error
 * names the option or column and what is allowed. The API key is read on the task managers from an
 * environment variable or a file; an {@code 'api-key'} option is refused.
 */
@PublicEvolving
public final class BrazeDynamicTableFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "braze";

    /** The accumulator that counts the rows all braze tables of a job received. */
    public static final String ROWS_RECEIVED = "braze-table-rows-received";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(MODE, ENDPOINT, DEAD_LETTER_TOPIC, DEAD_LETTER_BOOTSTRAP_SERVERS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                TRACK_RECORD_TYPE,
                PRE_FORMATTED_FIELDS,
                SKIP_ON_INVALID_RECORDS,
                NULL_VALUES,
                SYNC_NAME,
                API_KEY_ENV,
                API_KEY_FILE,
                TRACK_CAP_MODEL,
                TRACK_CAP,
                IDENTITY_CAP,
                MAX_BODY_BYTES,
                LINGER,
                MAX_IN_FLIGHT_REQUESTS,
                MAX_BUFFERED_RECORDS,
                MAX_ATTEMPTS,
                INITIAL_BACKOFF,
                MAX_BACKOFF,
                REQUEST_TIMEOUT,
                TRACK_RATE_LIMIT_REQUESTS,
                TRACK_RATE_LIMIT_WINDOW,
                IDENTITY_RATE_LIMIT_REQUESTS,
                IDENTITY_RATE_LIMIT_WINDOW,
                FactoryUtil.SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        Map<String, String> tableOptions = context.getCatalogTable().getOptions();
        refuseOptionsThatDoNotExist(tableOptions);
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validateExcept(DEAD_LETTER_PROPERTIES_PREFIX);
        ReadableConfig options = helper.getOptions();

        String table = context.getObjectIdentifier().asSummaryString();
        SyncSettings sync =
                TableOptionsReader.sync(options, context.getObjectIdentifier().getObjectName());
        RowType row = (RowType) context.getPhysicalRowDataType().getLogicalType();
        ColumnContract.check(sync, row);
        RowToRecordConverter converter = RowToRecordConverter.create(row);
        DeadLetterQueueFactory invalidRows =
                TableOptionsReader.deadLetters(
                        options, tableOptions, "braze-sync-invalid-rows-" + sync.name() + "-");
        DeadLetterQueueFactory rejected =
                TableOptionsReader.deadLetters(
                        options, tableOptions, "braze-sync-dead-letters-" + sync.name() + "-");
        BrazeSink sink = TableOptionsReader.sink(options, rejected);
        return new BrazeDynamicTableSink(
                table,
                sync,
                converter,
                invalidRows,
                sink,
                options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
    }

    /** Options users may reach for that this connector refuses, each with what to do instead. */
    private static void refuseOptionsThatDoNotExist(Map<String, String> tableOptions) {
        if (tableOptions.containsKey(BrazeConnectorOptions.API_KEY)) {
            throw new ValidationException(
                    "option 'api-key' is not supported: the Braze API key never goes in the DDL,"
                            + " where the catalog, the job graph and logs would show it. Use"
                            + " 'api-key-env' (an environment variable on every task manager) or"
                            + " 'api-key-file' (a file on every task manager) instead.");
        }
        if (tableOptions.containsKey(BrazeConnectorOptions.CHANGE_DETECTION)) {
            throw new ValidationException(
                    "option 'change-detection' is not supported by the braze table connector: a"
                            + " braze table sends every row it is given. Change detection is a"
                            + " step of the braze-sync job's YAML syncs (--config).");
        }
    }
}
