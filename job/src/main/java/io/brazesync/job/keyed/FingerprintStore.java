package io.brazesync.job.keyed;

/** The current user's attribute fingerprints, by attribute (or nested attribute) path. */
interface FingerprintStore {

    Long get(String path);

    void put(String path, long fingerprint);

    void remove(String path);

    /** Removes the fingerprints of every nested attribute of {@code attribute}. */
    void removeNested(String attribute);
}
