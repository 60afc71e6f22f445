package io.brazesync.connector.table;

import io.brazesync.connector.mapping.Mode;
import io.brazesync.connector.mapping.SyncSettings;
import io.brazesync.connector.mapping.TrackRecordType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Checks at planning time that a braze table's columns fit its mode and record type, so that a
 * table whose every row would be invalid is refused before the job starts. Column names are the
 * fields of the record contract; what only a value can break (an empty name, a currency that is not
 * ISO-4217) is left to the record mapping, row by row.
 */
@Internal
final class ColumnContract {

    private static final Set<LogicalTypeRoot> TEXT =
            EnumSet.of(LogicalTypeRoot.CHAR, LogicalTypeRoot.VARCHAR);
    private static final Set<LogicalTypeRoot> WHOLE_NUMBER =
            EnumSet.of(
                    LogicalTypeRoot.TINYINT,
                    LogicalTypeRoot.SMALLINT,
                    LogicalTypeRoot.INTEGER,
                    LogicalTypeRoot.BIGINT);

    /** Identifiers are strings in Braze; whole numbers are sent as their text. */
    private static final Set<LogicalTypeRoot> TEXT_OR_WHOLE =
            EnumSet.of(
                    LogicalTypeRoot.CHAR,
                    LogicalTypeRoot.VARCHAR,
                    LogicalTypeRoot.TINYINT,
                    LogicalTypeRoot.SMALLINT,
                    LogicalTypeRoot.INTEGER,
                    LogicalTypeRoot.BIGINT);

    private static final Set<LogicalTypeRoot> NUMBER =
            EnumSet.of(
                    LogicalTypeRoot.TINYINT,
                    LogicalTypeRoot.SMALLINT,
                    LogicalTypeRoot.INTEGER,
                    LogicalTypeRoot.BIGINT,
                    LogicalTypeRoot.FLOAT,
                    LogicalTypeRoot.DOUBLE,
                    LogicalTypeRoot.DECIMAL);
    private static final Set<LogicalTypeRoot> TIME =
            EnumSet.of(
                    LogicalTypeRoot.CHAR,
                    LogicalTypeRoot.VARCHAR,
                    LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE,
                    LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE,
                    LogicalTypeRoot.BIGINT);
    private static final Set<LogicalTypeRoot> DATE =
            EnumSet.of(LogicalTypeRoot.CHAR, LogicalTypeRoot.VARCHAR, LogicalTypeRoot.DATE);

    private static final List<String> TRACK_IDENTIFIERS =
            List.of("external_id", "braze_id", "user_alias", "alias_name", "email", "phone");
    private static final int MAX_NAME_LENGTH = 255;

    private static final String STRING = "STRING";
    private static final String IDENTIFIER_TYPES = "STRING, TINYINT, SMALLINT, INT or BIGINT";
    private static final String TIME_TYPES =
            "TIMESTAMP, TIMESTAMP_LTZ, STRING (ISO-8601) or BIGINT (epoch milliseconds)";

    private final SyncSettings sync;
    private final Map<String, LogicalType> columns;

    private ColumnContract(SyncSettings sync, RowType row) {
        this.sync = sync;
        this.columns = new LinkedHashMap<>();
        for (RowType.RowField field : row.getFields()) {
            columns.put(field.getName(), field.getType());
        }
    }

    /** Fails with a message naming the column and what the mode needs of it. */
    static void check(SyncSettings sync, RowType row) {
        new ColumnContract(sync, row).check();
    }

    private void check() {
        checkPreFormattedFields();
        switch (sync.mode()) {
            case USER_TRACK:
                checkTrack();
                break;
            case USER_NEW_ALIAS:
                requireAlias();
                optional("external_id", TEXT, STRING);
                onlyColumns("external_id", "user_alias", "alias_name", "alias_label");
                break;
            case USER_IDENTIFY:
                require("external_id", TEXT, STRING, "the user to identify");
                requireAlias();
                onlyColumns("external_id", "user_alias", "alias_name", "alias_label");
                break;
            case USER_DELETE:
                checkDelete();
                break;
            default:
                throw new IllegalStateException("unknown mode " + sync.mode());
        }
    }

    private void checkPreFormattedFields() {
        for (String field : sync.preFormattedFields()) {
            LogicalType type = columns.get(field);
            if (type == null) {
                throw refuse(
                        "pre-formatted-fields names '%s', which is not a column of the table;"
                                + " its columns are %s (separate several fields with ';')",
                        field, String.join(", ", columns.keySet()));
            }
            if (!TEXT.contains(root(type))) {
                throw refuse(
                        "pre-formatted field '%s' must be a STRING column that holds JSON text,"
                                + " but is %s; a ROW, ARRAY or MAP column is sent as JSON"
                                + " without being listed",
                        field, type.asSummaryString());
            }
        }
    }

    private void checkTrack() {
        requireTrackIdentifier();
        optional("_update_existing_only", EnumSet.of(LogicalTypeRoot.BOOLEAN), "BOOLEAN");
        TrackRecordType type = sync.trackRecordType();
        switch (type) {
            case USER_PROFILE_ATTRIBUTES:
                checkAttributes();
                break;
            case CUSTOM_EVENTS:
                require("name", TEXT, STRING, "the event's name");
                checkEventOrPurchase(List.of("name"));
                break;
            case PURCHASES:
                require("product_id", TEXT, STRING, "the product's id");
                require("currency", TEXT, STRING, "a 3-letter ISO-4217 code");
                require("price", NUMBER, "a numeric type such as DECIMAL or DOUBLE", "the price");
                optional("quantity", WHOLE_NUMBER, "TINYINT, SMALLINT, INT or BIGINT");
                checkEventOrPurchase(List.of("product_id", "currency", "price", "quantity"));
                break;
            default:
                throw new IllegalStateException("unknown track record type " + type);
        }
    }

    private void checkEventOrPurchase(List<String> read) {
        require("time", TIME, TIME_TYPES, "when it happened");
        optional("app_id", TEXT, STRING);
        LogicalType properties = columns.get("properties");
        if (properties != null && !isObject("properties", properties)) {
            throw refuse(
                    "column 'properties' must be a ROW or MAP<STRING, ...>, or a STRING listed"
                            + " in pre-formatted-fields, but is %s",
                    properties.asSummaryString());
        }
        List<String> notProperties = new ArrayList<>(read);
        notProperties.addAll(List.of("time", "app_id", "properties", "_update_existing_only"));
        notProperties.addAll(TRACK_IDENTIFIERS);
        notProperties.add("alias_label");
        for (String column : columns.keySet()) {
            if (notProperties.contains(column)) {
                continue;
            }
            if (column.startsWith("$")
                    || column.equals("event_name")
                    || column.length() > MAX_NAME_LENGTH) {
                throw refuse(
                        "column '%s' would become a property, and Braze refuses property keys"
                                + " that start with '$', are 'event_name' or are longer than"
                                + " %d characters; rename it in the query",
                        column, MAX_NAME_LENGTH);
            }
        }
    }

    private void checkAttributes() {
        optional("_merge_objects", EnumSet.of(LogicalTypeRoot.BOOLEAN), "BOOLEAN");
        optional("dob", DATE, "DATE or STRING (YYYY-MM-DD)");
        optional("country", TEXT, STRING);
        optional("gender", TEXT, STRING);
        for (Map.Entry<String, LogicalType> column : columns.entrySet()) {
            if (column.getKey().length() > MAX_NAME_LENGTH) {
                throw refuse(
                        "column '%s' is longer than Braze's %d characters for an attribute"
                                + " name",
                        column.getKey(), MAX_NAME_LENGTH);
            }
            if (!TRACK_IDENTIFIERS.contains(column.getKey())) {
                checkNestedKeys(column.getKey(), column.getValue());
            }
        }
    }

    /** Nested attribute keys may hold no '.', '$' or space: Braze drops such updates. */
    private void checkNestedKeys(String path, LogicalType type) {
        LogicalType unwrapped = unwrap(type);
        if (unwrapped instanceof RowType) {
            for (RowType.RowField field : ((RowType) unwrapped).getFields()) {
                String name = field.getName();
                if (name.isEmpty()
                        || name.indexOf('.') >= 0
                        || name.indexOf('$') >= 0
                        || name.indexOf(' ') >= 0) {
                    throw refuse(
                            "column '%s' has a nested field '%s', and Braze's nested attribute"
                                    + " keys hold no '.', '$' or space",
                            path, name);
                }
                checkNestedKeys(path + "." + name, field.getType());
            }
        } else if (unwrapped.getTypeRoot() == LogicalTypeRoot.ARRAY
                || unwrapped.getTypeRoot() == LogicalTypeRoot.MULTISET) {
            checkNestedKeys(path, unwrapped.getChildren().get(0));
        } else if (unwrapped instanceof MapType) {
            checkNestedKeys(path, ((MapType) unwrapped).getValueType());
        }
    }

    private void checkDelete() {
        boolean hasIdentifier =
                columns.containsKey("external_id") || columns.containsKey("braze_id");
        if (!hasIdentifier && !hasAlias()) {
            throw refuse(
                    "mode user_delete needs an identifier column: external_id, braze_id,"
                            + " user_alias (ROW<alias_name STRING, alias_label STRING>) or"
                            + " alias_name with alias_label; its columns are %s",
                    String.join(", ", columns.keySet()));
        }
        optional("external_id", TEXT_OR_WHOLE, IDENTIFIER_TYPES);
        optional("braze_id", TEXT_OR_WHOLE, IDENTIFIER_TYPES);
        checkAliasColumns();
        onlyColumns("external_id", "braze_id", "user_alias", "alias_name", "alias_label");
    }

    private void requireTrackIdentifier() {
        boolean found = hasAlias();
        for (String column : List.of("external_id", "braze_id", "email", "phone")) {
            if (columns.containsKey(column)) {
                optional(column, TEXT_OR_WHOLE, IDENTIFIER_TYPES);
                found = true;
            }
        }
        if (!found) {
            throw refuse(
                    "mode user_track needs an identifier column: external_id, braze_id,"
                            + " user_alias (ROW<alias_name STRING, alias_label STRING>),"
                            + " alias_name with alias_label, email or phone; its columns are %s",
                    String.join(", ", columns.keySet()));
        }
        checkAliasColumns();
    }

    private void requireAlias() {
        if (!hasAlias()) {
            throw refuse(
                    "mode %s needs the user alias: columns alias_name and alias_label"
                            + " (STRING), or a column user_alias"
                            + " (ROW<alias_name STRING, alias_label STRING>)",
                    sync.mode().configValue());
        }
        checkAliasColumns();
    }

    private boolean hasAlias() {
        return columns.containsKey("user_alias")
                || columns.containsKey("alias_name")
                || columns.containsKey("alias_label");
    }

    private void checkAliasColumns() {
        boolean name = columns.containsKey("alias_name");
        boolean label = columns.containsKey("alias_label");
        if (name != label) {
            throw refuse(
                    "column '%s' needs a column '%s' beside it: an alias has a name and a"
                            + " label",
                    name ? "alias_name" : "alias_label", name ? "alias_label" : "alias_name");
        }
        optional("alias_name", TEXT, STRING);
        optional("alias_label", TEXT, STRING);
        LogicalType alias = columns.get("user_alias");
        if (alias != null && !isAliasObject(alias) && !isPreFormatted("user_alias", alias)) {
            throw refuse(
                    "column 'user_alias' must be ROW<alias_name STRING, alias_label STRING>,"
                            + " MAP<STRING, STRING> or a STRING listed in pre-formatted-fields,"
                            + " but is %s",
                    alias.asSummaryString());
        }
    }

    private static boolean isAliasObject(LogicalType type) {
        LogicalType unwrapped = unwrap(type);
        if (unwrapped instanceof RowType) {
            RowType row = (RowType) unwrapped;
            for (String field : List.of("alias_name", "alias_label")) {
                int index = row.getFieldIndex(field);
                if (index < 0 || !TEXT.contains(root(row.getTypeAt(index)))) {
                    return false;
                }
            }
            return true;
        }
        if (unwrapped instanceof MapType) {
            MapType map = (MapType) unwrapped;
            return TEXT.contains(root(map.getKeyType())) && TEXT.contains(root(map.getValueType()));
        }
        return false;
    }

    private boolean isObject(String column, LogicalType type) {
        LogicalType unwrapped = unwrap(type);
        if (unwrapped instanceof RowType) {
            return true;
        }
        if (unwrapped instanceof MapType) {
            return TEXT.contains(root(((MapType) unwrapped).getKeyType()));
        }
        return isPreFormatted(column, unwrapped);
    }

    private boolean isPreFormatted(String column, LogicalType type) {
        return TEXT.contains(root(type)) && sync.preFormattedFields().contains(column);
    }

    private void require(String column, Set<LogicalTypeRoot> allowed, String types, String what) {
        if (!columns.containsKey(column)) {
            throw refuse(
                    "%s needs a column '%s' (%s): %s; its columns are %s",
                    describeSync(), column, types, what, String.join(", ", columns.keySet()));
        }
        optional(column, allowed, types);
    }

    private void optional(String column, Set<LogicalTypeRoot> allowed, String types) {
        LogicalType type = columns.get(column);
        if (type != null && !allowed.contains(root(type))) {
            throw refuse(
                    "column '%s' must be %s for %s, but is %s",
                    column, types, describeSync(), type.asSummaryString());
        }
    }

    private void onlyColumns(String... read) {
        List<String> allowed = List.of(read);
        for (String column : columns.keySet()) {
            if (!allowed.contains(column)) {
                throw refuse(
                        "mode %s does not read column '%s'; it reads %s. Leave the column out"
                                + " of the table",
                        sync.mode().configValue(), column, String.join(", ", allowed));
            }
        }
    }

    private String describeSync() {
        return sync.mode() == Mode.USER_TRACK
                ? "track-record-type " + sync.trackRecordType().configValue()
                : "mode " + sync.mode().configValue();
    }

    private static LogicalType unwrap(LogicalType type) {
        LogicalType current = type;
        while (current instanceof DistinctType) {
            current = ((DistinctType) current).getSourceType();
        }
        return current;
    }

    private static LogicalTypeRoot root(LogicalType type) {
        return unwrap(type).getTypeRoot();
    }

    private static ValidationException refuse(String format, Object... arguments) {
        return new ValidationException(String.format(format, arguments));
    }
}
