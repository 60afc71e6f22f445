package io.brazesync.connector.mapping;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses enumerated configuration values with a message naming the setting and its values. */
final class ConfigValues {

    private ConfigValues() {}

    static <E extends Enum<E>> E parse(
            String setting, String value, E[] all, Function<E, String> name) {
        for (E candidate : all) {
            if (name.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        String allowed = Arrays.stream(all).map(name).collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                String.format(
                        "'%s' is not a valid %s; allowed values: %s", value, setting, allowed));
    }
}
