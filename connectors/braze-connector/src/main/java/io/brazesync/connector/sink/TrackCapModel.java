package io.brazesync.connector.sink;

import org.apache.flink.annotation.PublicEvolving;

/** How Braze counts the {@code /users/track} cap: across the three arrays, or per array. */
@PublicEvolving
public enum TrackCapModel {
    /** At most the cap across attributes, events and purchases together (Braze's current rule). */
    TOTAL,
    /** At most the cap in each array (workspaces on Braze's legacy limits). */
    PER_ARRAY
}
