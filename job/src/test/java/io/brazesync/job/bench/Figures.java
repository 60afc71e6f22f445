package io.brazesync.job.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Percentiles and medians of measured figures. */
final class Figures {

    private Figures() {}

    /** The nearest-rank percentile {@code p} (0 to 100) of {@code values}; NaN when empty. */
    static double percentile(Collection<? extends Number> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(v.doubleValue()));
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double median(Collection<? extends Number> values) {
        return percentile(values, 50);
    }
}
