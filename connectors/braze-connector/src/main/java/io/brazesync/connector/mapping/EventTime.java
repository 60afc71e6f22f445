package io.brazesync.connector.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the {@code time} of an event or purchase as ISO-8601, converting epoch milliseconds. */
final class EventTime {

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
