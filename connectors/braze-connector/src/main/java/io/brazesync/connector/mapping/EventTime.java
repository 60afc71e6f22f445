package io.brazesync.connector.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads the {@code time} of an event or purchase as ISO-8601, converting epoch milliseconds. Years
 * have four digits: ISO-8601 writes others only by agreement between the parties.
 */
final class EventTime {

    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,18}");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-.*", Pattern.DOTALL);
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999Z");

    private EventTime() {}

    static String read(JsonNode value) throws InvalidRecordException {
        if (value == null || value.isNull()) {
            throw new InvalidRecordException("missing time (ISO-8601 or epoch milliseconds)");
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new InvalidRecordException("time in epoch milliseconds is out of range");
            }
            return fromEpochMillis(value.longValue());
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (EPOCH_MILLIS.matcher(text).matches()) {
                // CDPs that export every column as text write epoch milliseconds as digits.
                return fromEpochMillis(Long.parseLong(text));
            }
            try {
                DateTimeFormatter.ISO_DATE_TIME.parse(text);
            } catch (DateTimeParseException e) {
                throw new InvalidRecordException("time is not an ISO-8601 date-time");
            }
            if (!FOUR_DIGIT_YEAR.matcher(text).matches()) {
                throw new InvalidRecordException("time must have a four-digit year");
            }
            return text;
        }
        throw new InvalidRecordException("time must be an ISO-8601 string or epoch milliseconds");
    }

    private static String fromEpochMillis(long millis) throws InvalidRecordException {
        Instant time = Instant.ofEpochMilli(millis);
        if (time.isBefore(FIRST) || time.isAfter(LAST)) {
            throw new InvalidRecordException(
                    "time in epoch milliseconds is outside the years 0000 to 9999");
        }
        return time.toString();
    }
}
