package io.brazesync.job.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The sample CDP records shipped with the project, one JSON line per Kafka record. */
public final class SampleData {

    private SampleData() {}

    /** The lines of a resource under {@code sample/}, as record values. */
    public static List<byte[]> records(String file) {
        String text = resource("sample/" + file);
        List<byte[]> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                records.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return records;
    }

    public static String resource(String path) {
        try (InputStream in = SampleData.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
