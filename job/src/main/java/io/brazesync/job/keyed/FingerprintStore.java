package io.brazesync.job.keyed;

/** The current user's attribute fingerprints, by attribute (or nested attribute) path. */
interface FingerprintStore {

    Long get(String path) throws Exception;

    void put(String path, long fingerprint) throws Exception;

    void remove(String path) throws Exception;

    /** Removes the fingerprints of every nested attribute of {@code attribute}. */
    void removeNested(String attribute) throws Exception;
}
