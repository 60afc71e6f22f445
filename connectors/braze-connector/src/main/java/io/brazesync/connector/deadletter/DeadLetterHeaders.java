package io.brazesync.connector.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka headers of a dead letter; its value is the original record's bytes, unchanged.
 *
 * <p>Header names: {@value #SYNC}, {@value #REASON}, {@value #SOURCE_TOPIC}, {@value
 * #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}, {@value #ATTEMPTS} and, when Braze said why, {@value
 * #BRAZE_ERROR}.
 */
@PublicEvolving
public final class DeadLetterHeaders {

    public static final String SYNC = "braze-sync.sync";
    public static final String REASON = "braze-sync.reason";
    public static final String SOURCE_TOPIC = "braze-sync.source-topic";
    public static final String SOURCE_PARTITION = "braze-sync.source-partition";
    public static final String SOURCE_OFFSET = "braze-sync.source-offset";
    public static final String ATTEMPTS = "braze-sync.attempts";
    public static final String BRAZE_ERROR = "braze-sync.braze-error";

    private DeadLetterHeaders() {}

    /** The Kafka record for a dead letter on the given topic. */
    public static ProducerRecord<byte[], byte[]> toProducerRecord(String topic, DeadLetter letter) {
        Headers headers = new RecordHeaders();
        add(headers, SYNC, letter.origin().sync());
        add(headers, REASON, letter.reason());
        add(headers, SOURCE_TOPIC, letter.origin().topic());
        add(headers, SOURCE_PARTITION, Integer.toString(letter.origin().partition()));
        add(headers, SOURCE_OFFSET, Long.toString(letter.origin().offset()));
        add(headers, ATTEMPTS, Integer.toString(letter.attempts()));
        if (letter.brazeError() != null) {
            add(headers, BRAZE_ERROR, letter.brazeError());
        }
        return new ProducerRecord<>(
                topic, null, null, null, letter.origin().originalValue(), headers);
    }

    /** Reads one header as text, or null when absent. */
    public static String read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
