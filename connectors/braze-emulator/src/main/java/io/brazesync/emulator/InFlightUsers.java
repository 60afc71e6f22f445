package io.brazesync.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts the requests in progress per user, and the highest count seen: Braze may apply two
 * concurrent track requests for one user in either order, so a sink must never send them.
 */
final class InFlightUsers {

    private final Map<String, Integer> inFlight = new HashMap<>();
    private int max;

    synchronized void enter(Set<String> users) {
        for (String user : users) {
            max = Math.max(max, inFlight.merge(user, 1, Integer::sum));
        }
    }

    synchronized void exit(Set<String> users) {
        for (String user : users) {
            inFlight.computeIfPresent(user, (unused, count) -> count == 1 ? null : count - 1);
        }
    }

    synchronized int max() {
        return max;
    }

    /** Forgets the highest count, keeping the requests still in progress. */
    synchronized void resetMax() {
        max = inFlight.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
