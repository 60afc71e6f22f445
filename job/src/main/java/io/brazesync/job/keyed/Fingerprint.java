package io.brazesync.job.keyed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * A 64-bit fingerprint (FNV-1a) of an attribute value's JSON text. Values of different JSON types
 * differ in their text ({@code 1} and {@code "1"}), so they differ here too; two equal objects
 * written with their keys in another order count as different, which only costs a resend.
 */
final class Fingerprint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {}

    static long of(JsonNode value) {
        byte[] text;
        try {
            text = JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        long hash = OFFSET_BASIS;
        for (byte b : text) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return hash;
    }
}
