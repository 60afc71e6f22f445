package io.brazesync.connector.table;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.BYTES;
import static org.apache.flink.table.api.DataTypes.DATE;
import static org.apache.flink.table.api.DataTypes.DECIMAL;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.INTERVAL;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.MULTISET;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.SECOND;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIME;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class RowToRecordConverterTest {

    private static RowToRecordConverter converter(DataType row) {
        return RowToRecordConverter.create((RowType) row.getLogicalType());
    }

    private static StringData text(String value) {
        return StringData.fromString(value);
    }

    @Test
    void scalarColumnsBecomeJsonValuesNamedByColumn() throws Exception {
        RowToRecordConverter converter =
                converter(
                        ROW(
                                FIELD("external_id", STRING()),
                                FIELD("vip", BOOLEAN()),
                                FIELD("visits", INT()),
                                FIELD("points", BIGINT()),
                                FIELD("ratio", DOUBLE()),
                                FIELD("price", DECIMAL(10, 2)),
                                FIELD("nickname", STRING())));
        GenericRowData row =
                GenericRowData.of(
                        text("u1"),
                        true,
                        3,
                        12_000_000_000L,
                        0.25,
                        DecimalData.fromBigDecimal(new BigDecimal("19.90"), 10, 2),
                        null);

        ObjectNode record = converter.convert(row);

        assertThat(record.toString())
                .isEqualTo(
                        "{\"external_id\":\"u1\",\"vip\":true,\"visits\":3,"
                                + "\"points\":12000000000,\"ratio\":0.25,\"price\":19.90,"
                                + "\"nickname\":null}");
    }

    @Test
    void datesAndTimesBecomeIsoText() throws Exception {
        RowToRecordConverter converter =
                converter(
                        ROW(
                                FIELD("dob", DATE()),
                                FIELD("at", TIME(0)),
                                FIELD("local", TIMESTAMP(3)),
                                FIELD("instant", TIMESTAMP_LTZ(3))));
        GenericRowData row =
                GenericRowData.of(
                        (int) java.time.LocalDate.of(1990, 4, 2).toEpochDay(),
                        (10 * 3600 + 15 * 60) * 1000,
                        TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 5, 1, 10, 0)),
                        TimestampData.fromInstant(Instant.parse("2024-05-01T10:00:00.250Z")));

        ObjectNode record = converter.convert(row);

        assertThat(record.get("dob").asText()).isEqualTo("1990-04-02");
        assertThat(record.get("at").asText()).isEqualTo("10:15:00");
        assertThat(record.get("local").asText())
                .as("a TIMESTAMP without zone is taken as UTC")
                .isEqualTo("2024-05-01T10:00:00Z");
        assertThat(record.get("instant").asText()).isEqualTo("2024-05-01T10:00:00.250Z");
    }

    @Test
    void rowsMapsAndArraysBecomeObjectsAndArrays() throws Exception {
        RowToRecordConverter converter =
                converter(
                        ROW(
                                FIELD(
                                        "address",
                                        ROW(FIELD("city", STRING()), FIELD("zip", STRING()))),
                                FIELD("tags", ARRAY(STRING())),
                                FIELD("scores", MAP(STRING(), INT())),
                                FIELD("badges", MULTISET(STRING())),
                                FIELD(
                                        "orders",
                                        ARRAY(ROW(FIELD("id", STRING()), FIELD("n", INT()))))));
        Map<Object, Object> scores = new LinkedHashMap<>();
        scores.put(text("math"), 7);
        scores.put(text("art"), null);
        GenericRowData row =
                GenericRowData.of(
                        GenericRowData.of(text("Oslo"), text("0150")),
                        new GenericArrayData(new Object[] {text("a"), null, text("b")}),
                        new GenericMapData(scores),
                        new GenericMapData(Map.of(text("gold"), 2)),
                        new GenericArrayData(
                                new Object[] {
                                    GenericRowData.of(text("o1"), 1),
                                    GenericRowData.of(text("o2"), 2)
                                }));

        ObjectNode record = converter.convert(row);

        assertThat(record.toString())
                .isEqualTo(
                        "{\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"},"
                                + "\"tags\":[\"a\",null,\"b\"],"
                                + "\"scores\":{\"math\":7,\"art\":null},"
                                + "\"badges\":[\"gold\",\"gold\"],"
                                + "\"orders\":[{\"id\":\"o1\",\"n\":1},{\"id\":\"o2\",\"n\":2}]}");
    }

    @Test
    void preFormattedTextStaysTextForTheRecordMapperToParse() throws Exception {
        RowToRecordConverter converter = converter(ROW(FIELD("preferences", STRING())));

        ObjectNode record = converter.convert(GenericRowData.of(text("{\"news\":true}")));

        assertThat(record.get("preferences").isTextual()).isTrue();
    }

    @Test
    void nanCannotBeSentAndTheReasonNamesTheColumn() {
        RowToRecordConverter converter =
                converter(ROW(FIELD("stats", ROW(FIELD("ratio", DOUBLE())))));

        assertThatThrownBy(
                        () -> converter.convert(GenericRowData.of(GenericRowData.of(Double.NaN))))
                .isInstanceOf(RowConversionException.class)
                .hasMessage(
                        "column 'stats.ratio' holds NaN or an infinity, which JSON cannot carry");
    }

    @Test
    void binaryColumnsAreRefusedWithAHowTo() {
        assertThatThrownBy(() -> converter(ROW(FIELD("avatar", BYTES()))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("column 'avatar' is BYTES")
                .hasMessageContaining("DECODE(avatar, 'UTF-8')");
    }

    @Test
    void mapsWithoutStringKeysAndIntervalsAreRefusedNamingTheColumn() {
        assertThatThrownBy(() -> converter(ROW(FIELD("counts", MAP(INT(), INT())))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("column 'counts' is MAP<INT, INT>")
                .hasMessageContaining("MAP<STRING, ...>");
        assertThatThrownBy(
                        () ->
                                converter(
                                        ROW(
                                                FIELD(
                                                        "profile",
                                                        ROW(FIELD("idle", INTERVAL(SECOND())))))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("column 'profile.idle' is INTERVAL");
    }

    @Test
    void survivesJavaSerializationAsPartOfTheJobGraph() throws Exception {
        RowToRecordConverter converter =
                converter(
                        ROW(
                                FIELD("tags", ARRAY(STRING())),
                                FIELD("address", ROW(FIELD("city", STRING())))));
        RowToRecordConverter copy = InstantiationUtil.clone(converter, getClass().getClassLoader());

        ObjectNode record =
                copy.convert(
                        GenericRowData.of(
                                new GenericArrayData(new Object[] {text("a")}),
                                GenericRowData.of(text("Rome"))));

        assertThat(record.toString())
                .isEqualTo("{\"tags\":[\"a\"],\"address\":{\"city\":\"Rome\"}}");
    }
}
