package io.brazesync.connector.sink;

import io.brazesync.connector.record.BrazeArray;
import io.brazesync.connector.record.RequestKind;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many records, and how many bytes, one request of each kind may carry.
 *
 * <p>Limits start at the configured caps and only go down: when Braze answers "Max Input Length
 * Exceeded" or 413 the workspace's real limit is lower than configured, and the writer lowers the
 * limit for that request kind instead of failing the same way again.
 */
final class BatchLimits {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLimits.class);

    private final TrackCapModel trackCapModel;
    private final Map<RequestKind, Integer> maxObjects = new EnumMap<>(RequestKind.class);
    private final Map<RequestKind, Integer> maxBodyBytes = new EnumMap<>(RequestKind.class);

    BatchLimits(TrackCapModel trackCapModel, int trackCap, int identityCap, int bodyBytes) {
        this.trackCapModel = trackCapModel;
        for (RequestKind kind : RequestKind.values()) {
            maxObjects.put(kind, kind == RequestKind.TRACK ? trackCap : identityCap);
            maxBodyBytes.put(kind, bodyBytes);
        }
    }

    /** Whether a batch holding these counts may take one more record of the given array. */
    boolean fits(RequestKind kind, int total, int inSameArray, int bodyBytes, int extraBytes) {
        int cap = maxObjects.get(kind);
        boolean underCap = isPerArray(kind) ? inSameArray < cap : total < cap;
        return underCap && (total == 0 || bodyBytes + extraBytes <= maxBodyBytes.get(kind));
    }

    /**
     * Whether waiting records make a full batch: the cap in total, or, in the per-array model, the
     * cap in one of the arrays.
     */
    boolean isFull(RequestKind kind, int total, int largestArray) {
        int cap = maxObjects.get(kind);
        return isPerArray(kind) ? largestArray >= cap : total >= cap;
    }

    boolean isPerArray(RequestKind kind) {
        return kind == RequestKind.TRACK && trackCapModel == TrackCapModel.PER_ARRAY;
    }

    /** Braze refused a batch of this size as too long: allow at most half of it from now on. */
    void lowerObjectCap(RequestKind kind, int refusedSize, Map<BrazeArray, Integer> perArray) {
        int refused =
                isPerArray(kind)
                        ? perArray.values().stream().max(Integer::compare).orElse(refusedSize)
                        : refusedSize;
        int lowered = Math.max(1, refused / 2);
        if (lowered < maxObjects.get(kind)) {
            LOG.warn(
                    "Braze refused {} objects in one {} request; lowering the cap to {}",
                    refused,
                    kind,
                    lowered);
            maxObjects.put(kind, lowered);
        }
    }

    /** Braze refused a body of this size: allow at most half of it from now on. */
    void lowerBodyBytes(RequestKind kind, int refusedBytes) {
        int lowered = Math.max(1024, refusedBytes / 2);
        if (lowered < maxBodyBytes.get(kind)) {
            LOG.warn(
                    "Braze refused a {} request body of {} bytes; lowering the limit to {} bytes",
                    kind,
                    refusedBytes,
                    lowered);
            maxBodyBytes.put(kind, lowered);
        }
    }
}
