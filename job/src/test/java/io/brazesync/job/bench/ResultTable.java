package io.brazesync.job.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's results: one row per figure, with the aim it is judged against. */
final class ResultTable {

    /** One measured figure. {@code met} is null where no aim applies. */
    record Row(String measure, String figure, String aim, Boolean met) {}

    private final List<Row> rows = new ArrayList<>();

    void add(String measure, String figure, String aim, Boolean met) {
        rows.add(new Row(measure, figure, aim, met));
        System.out.printf("  %s: %s%n", measure, figure);
    }

    void add(String measure, String figure) {
        add(measure, figure, "", null);
    }

    /** A Markdown table, as it goes into the README. */
    String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("| measure | figure | aim | met |\n|---|---|---|---|\n");
        for (Row row : rows) {
            String met = row.met() == null ? "" : row.met() ? "yes" : "**no**";
            out.append(
                    String.format(
                            "| %s | %s | %s | %s |%n",
                            row.measure(), row.figure(), row.aim(), met));
        }
        return out.toString();
    }
}
