package io.brazesync.emulator;

/** A rate-limit budget of the workspace; every endpoint draws from exactly one. */
enum RateLimitFamily {
    /** {@code /users/track} alone. */
    TRACK,
    /** {@code /users/identify}, {@code /users/alias/new} and {@code /users/delete}, shared. */
    IDENTITY
}
