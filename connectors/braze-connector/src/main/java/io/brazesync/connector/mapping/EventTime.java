package io.brazesync.connector.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Reads the {@code time} of an event or purchase as ISO-8601, converting epoch milliseconds. */
final class EventTime {

    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,18}");

    private EventTime() {}

    static String read(JsonNode value) throws InvalidRecordException {
        if (value == null || value.isNull()) {
            throw new InvalidRecordException("missing time (ISO-8601 or epoch milliseconds)");
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong()).toString();
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (EPOCH_MILLIS.matcher(text).matches()) {
                // CDPs that export every column as text write epoch milliseconds as digits.
                return Instant.ofEpochMilli(Long.parseLong(text)).toString();
            }
            try {
                DateTimeFormatter.ISO_DATE_TIME.parse(text);
                return text;
            } catch (DateTimeParseException e) {
                throw new InvalidRecordException("time is not an ISO-8601 date-time");
            }
        }
        throw new InvalidRecordException("time must be an ISO-8601 string or epoch milliseconds");
    }
}
