package io.brazesync.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read as its instructions: continuation lines joined, comments dropped. */
final class DockerfileInstructions {

    /** One instruction, such as {@code COPY --chown=flink:flink a b}: keyword and words. */
    record Instruction(String keyword, List<String> arguments) {

        /** The arguments without flags such as {@code --chown=...}. */
        List<String> operands() {
            return arguments.stream().filter(a -> !a.startsWith("--")).toList();
        }
    }

    private DockerfileInstructions() {}

    static List<Instruction> parse(String dockerfile) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] words = current.toString().strip().split("\\s+");
            instructions.add(
                    new Instruction(
                            words[0].toUpperCase(Locale.ROOT),
                            List.of(words).subList(1, words.length)));
            current.setLength(0);
        }
        return instructions;
    }

    static List<Instruction> all(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
}
