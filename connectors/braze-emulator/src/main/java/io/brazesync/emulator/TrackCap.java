package io.brazesync.emulator;

import java.util.Objects;

/**
 * How many objects one {@code /users/track} request may carry, counted across the three arrays
 * together or in each array on its own.
 *
 * <p>Braze's newest docs cap the total at 75; workspaces on legacy limits have 75 per array, and
 * some MAU contracts 50 in total. A sink must work with each, so the emulator can play each.
 */
public final class TrackCap {

    /** Whether the cap counts attributes, events and purchases together or per array. */
    public enum Model {
        TOTAL,
        PER_ARRAY
    }

    private final Model model;
    private final int limit;

    private TrackCap(Model model, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("trackCap limit must be at least 1, was " + limit);
        }
        this.model = model;
        this.limit = limit;
    }

    /** At most {@code limit} attributes, events and purchases together. */
    public static TrackCap total(int limit) {
        return new TrackCap(Model.TOTAL, limit);
    }

    /** At most {@code limit} objects in each of the three arrays. */
    public static TrackCap perArray(int limit) {
        return new TrackCap(Model.PER_ARRAY, limit);
    }

    public Model model() {
        return model;
    }

    public int limit() {
        return limit;
    }

    /** Whether a request with arrays of these sizes is over the cap. */
    boolean isExceededBy(int attributes, int events, int purchases) {
        if (model == Model.TOTAL) {
            return attributes + events + purchases > limit;
        }
        return Math.max(attributes, Math.max(events, purchases)) > limit;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof TrackCap)) {
            return false;
        }
        TrackCap that = (TrackCap) other;
        return model == that.model && limit == that.limit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, limit);
    }

    @Override
    public String toString() {
        return (model == Model.TOTAL ? "total(" : "perArray(") + limit + ")";
    }
}
