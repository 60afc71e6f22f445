package io.brazesync.connector.mapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The string values of an input, found by scanning for JSON string literals, so that it works on
 * broken JSON too: a literal followed by {@code :} is a key, any other a value. Values that hold
 * JSON text are scanned again, as a pre-formatted field would be parsed.
 */
final class InputStrings {

    private final Set<String> keys = new HashSet<>();
    private final List<String> values = new ArrayList<>();

    private InputStrings() {}

    static InputStrings of(byte[] input) {
        InputStrings strings = new InputStrings();
        strings.scan(new String(input, StandardCharsets.UTF_8), 2);
        return strings;
    }

    /**
     * A value of at least {@code minLength} characters that {@code reason} contains, or null.
     * Values that are part of a key or of a field name do not count, since reasons name those.
     */
    String leakedInto(String reason, int minLength, Set<String> fieldNames) {
        for (String value : values) {
            if (value.length() >= minLength
                    && reason.contains(value)
                    && !isPartOfAny(value, keys)
                    && !isPartOfAny(value, fieldNames)) {
                return value;
            }
        }
        return null;
    }

    private static boolean isPartOfAny(String value, Set<String> texts) {
        for (String text : texts) {
            if (text.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private void scan(String text, int levels) {
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '"') {
                i++;
                continue;
            }
            StringBuilder literal = new StringBuilder();
            int end = readLiteral(text, i + 1, literal);
            int next = end;
            while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            String string = literal.toString();
            if (next < text.length() && text.charAt(next) == ':') {
                keys.add(string);
            } else {
                values.add(string);
                if (levels > 1 && string.indexOf('"') >= 0) {
                    scan(string, levels - 1);
                }
            }
            i = end;
        }
    }

    /** Reads a literal's content into {@code out}; returns the index after its closing quote. */
    private static int readLiteral(String text, int from, StringBuilder out) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length()) {
                char escaped = text.charAt(i + 1);
                if (escaped == 'u' && i + 6 <= text.length()) {
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                        i += 6;
                        continue;
                    } catch (NumberFormatException e) {
                        // Not an escape after all; keep the text as it is.
                    }
                }
                out.append(unescape(escaped));
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        return i;
    }

    private static char unescape(char escaped) {
        switch (escaped) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            default:
                return escaped;
        }
    }
}
