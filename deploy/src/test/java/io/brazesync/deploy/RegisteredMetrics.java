package io.brazesync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names braze-sync's own code registers, read from its sources: every {@code
 * counter("name")}, {@code gauge("name", ...)} and {@code histogram("name", ...)} of the connector
 * and the job. Flink's and the Kafka connector's metrics are not among them.
 */
final class RegisteredMetrics {

    private static final Pattern REGISTRATION =
            Pattern.compile("\\.(?:counter|gauge|histogram|meter)\\(\\s*\"([A-Za-z]+)\"");
    private static final String[] SOURCE_ROOTS = {
        "connectors/braze-connector/src/main/java", "job/src/main/java"
    };

    private RegisteredMetrics() {}

    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String root : SOURCE_ROOTS) {
            try (Stream<Path> files = Files.walk(DeployFiles.path(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher registration = REGISTRATION.matcher(Files.readString(file));
                    while (registration.find()) {
                        names.add(registration.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }
}
