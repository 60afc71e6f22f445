package io.brazesync.connector.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DistinctType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Turns a SQL row into the CDP record a sync maps: a JSON object with one field per column.
 *
 * <p>ROW and MAP (with string keys) become objects, ARRAY and MULTISET become arrays, DECIMAL and
 * the other numeric types become numbers, DATE and TIME become ISO-8601 text, and TIMESTAMP (taken
 * as UTC) and TIMESTAMP_LTZ become ISO-8601 instants such as {@code 2024-05-01T10:00:00Z}. SQL NULL
 * becomes JSON null, which the sync's null-value setting then decides on. Binary and the remaining
 * types have no JSON form Braze understands and are refused when the converter is created, at
 * planning time, with a message naming the column.
 */
@Internal
public final class RowToRecordConverter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ObjectConverter row;

    private RowToRecordConverter(ObjectConverter row) {
        this.row = row;
    }

    /** A converter for rows of this type; fails naming the first column Braze cannot take. */
    public static RowToRecordConverter create(RowType rowType) {
        return new RowToRecordConverter(ObjectConverter.forRow("", rowType));
    }

    /** The row as a JSON object; fails, naming the column, on a value JSON cannot carry. */
    ObjectNode convert(RowData row) throws RowConversionException {
        return this.row.convert(row);
    }

    /** Converts one non-null internal value of a column. */
    @FunctionalInterface
    private interface ValueConverter extends Serializable {
        JsonNode convert(Object value) throws RowConversionException;
    }

    private static ValueConverter forType(String column, LogicalType type) {
        LogicalTypeRoot root = type.getTypeRoot();
        switch (root) {
            case CHAR:
            case VARCHAR:
                return value -> TextNode.valueOf(value.toString());
            case BOOLEAN:
                return value -> BooleanNode.valueOf((Boolean) value);
            case TINYINT:
                return value -> IntNode.valueOf((Byte) value);
            case SMALLINT:
                return value -> IntNode.valueOf((Short) value);
            case INTEGER:
                return value -> IntNode.valueOf((Integer) value);
            case BIGINT:
                return value -> LongNode.valueOf((Long) value);
            case FLOAT:
                return value -> FloatNode.valueOf(finite(column, (Float) value));
            case DOUBLE:
                return value -> DoubleNode.valueOf(finite(column, (Double) value));
            case DECIMAL:
                return value -> DecimalNode.valueOf(((DecimalData) value).toBigDecimal());
            case DATE:
                return value -> TextNode.valueOf(LocalDate.ofEpochDay((Integer) value).toString());
            case TIME_WITHOUT_TIME_ZONE:
                return value ->
                        TextNode.valueOf(
                                DateTimeFormatter.ISO_LOCAL_TIME.format(
                                        LocalTime.ofNanoOfDay((Integer) value * 1_000_000L)));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return value ->
                        TextNode.valueOf(
                                ((TimestampData) value)
                                        .toLocalDateTime()
                                        .toInstant(ZoneOffset.UTC)
                                        .toString());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return value -> TextNode.valueOf(((TimestampData) value).toInstant().toString());
            case ARRAY:
                return forArray(column, ((ArrayType) type).getElementType());
            case MULTISET:
                return forMultiset(column, ((MultisetType) type).getElementType());
            case MAP:
                return forMap(column, (MapType) type);
            case ROW:
                return ObjectConverter.forRow(column + ".", (RowType) type)::convertValue;
            case NULL:
                return value -> NullNode.getInstance();
            case DISTINCT_TYPE:
                return forType(column, ((DistinctType) type).getSourceType());
            case BINARY:
            case VARBINARY:
                throw new ValidationException(
                        String.format(
                                "column '%s' is %s, and Braze takes no binary values: turn it"
                                        + " into a STRING in the query, for example with"
                                        + " DECODE(%s, 'UTF-8')",
                                column, type.asSummaryString(), column));
            default:
                throw new ValidationException(
                        String.format(
                                "column '%s' is %s, which the braze connector cannot send; use"
                                        + " STRING, BOOLEAN, a numeric, DATE, TIME, TIMESTAMP,"
                                        + " TIMESTAMP_LTZ, ROW, ARRAY, MULTISET or MAP<STRING, ...>"
                                        + " column, or a STRING listed in pre-formatted-fields",
                                column, type.asSummaryString()));
        }
    }

    private static ValueConverter forArray(String column, LogicalType elementType) {
        ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
        ValueConverter element = forType(column + "[]", elementType);
        return value -> {
            ArrayData array = (ArrayData) value;
            ArrayNode node = JsonNodeFactory.instance.arrayNode(array.size());
            for (int i = 0; i < array.size(); i++) {
                node.add(convertNullable(element, getter.getElementOrNull(array, i)));
            }
            return node;
        };
    }

    /** A multiset is sent as an array that holds each element as often as the multiset does. */
    private static ValueConverter forMultiset(String column, LogicalType elementType) {
        ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
        ValueConverter element = forType(column + "[]", elementType);
        return value -> {
            MapData multiset = (MapData) value;
            ArrayData elements = multiset.keyArray();
            ArrayData counts = multiset.valueArray();
            ArrayNode node = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < multiset.size(); i++) {
                JsonNode item = convertNullable(element, getter.getElementOrNull(elements, i));
                for (int n = 0; n < counts.getInt(i); n++) {
                    node.add(item.deepCopy());
                }
            }
            return node;
        };
    }

    private static ValueConverter forMap(String column, MapType type) {
        LogicalTypeRoot keyRoot = type.getKeyType().getTypeRoot();
        if (keyRoot != LogicalTypeRoot.CHAR && keyRoot != LogicalTypeRoot.VARCHAR) {
            throw new ValidationException(
                    String.format(
                            "column '%s' is %s, but a JSON object needs string keys: use"
                                    + " MAP<STRING, ...>",
                            column, type.asSummaryString()));
        }
        ArrayData.ElementGetter valueGetter = ArrayData.createElementGetter(type.getValueType());
        ValueConverter valueConverter = forType(column + ".<value>", type.getValueType());
        return value -> {
            MapData map = (MapData) value;
            ArrayData keys = map.keyArray();
            ArrayData values = map.valueArray();
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < map.size(); i++) {
                if (keys.isNullAt(i)) {
                    throw new RowConversionException(
                            "column '" + column + "' holds a map with a NULL key");
                }
                node.set(
                        keys.getString(i).toString(),
                        convertNullable(valueConverter, valueGetter.getElementOrNull(values, i)));
            }
            return node;
        };
    }

    private static JsonNode convertNullable(ValueConverter converter, Object value)
            throws RowConversionException {
        return value == null ? NullNode.getInstance() : converter.convert(value);
    }

    private static float finite(String column, float value) throws RowConversionException {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            throw notFinite(column);
        }
        return value;
    }

    private static double finite(String column, double value) throws RowConversionException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw notFinite(column);
        }
        return value;
    }

    private static RowConversionException notFinite(String column) {
        return new RowConversionException(
                "column '" + column + "' holds NaN or an infinity, which JSON cannot carry");
    }

    /** Converts a row, top-level or nested, into an object with one field per row field. */
    private static final class ObjectConverter implements Serializable {

        private static final long serialVersionUID = 1L;

        private final String[] names;
        private final RowData.FieldGetter[] getters;
        private final ValueConverter[] converters;

        private ObjectConverter(
                String[] names, RowData.FieldGetter[] getters, ValueConverter[] converters) {
            this.names = names;
            this.getters = getters;
            this.converters = converters;
        }

        static ObjectConverter forRow(String prefix, RowType type) {
            List<RowType.RowField> fields = type.getFields();
            String[] names = new String[fields.size()];
            RowData.FieldGetter[] getters = new RowData.FieldGetter[fields.size()];
            ValueConverter[] converters = new ValueConverter[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                RowType.RowField field = fields.get(i);
                names[i] = field.getName();
                getters[i] = RowData.createFieldGetter(field.getType(), i);
                converters[i] = forType(prefix + field.getName(), field.getType());
            }
            return new ObjectConverter(names, getters, converters);
        }

        ObjectNode convert(RowData row) throws RowConversionException {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < names.length; i++) {
                node.set(names[i], convertNullable(converters[i], getters[i].getFieldOrNull(row)));
            }
            return node;
        }

        JsonNode convertValue(Object value) throws RowConversionException {
            return convert((RowData) value);
        }
    }
}
