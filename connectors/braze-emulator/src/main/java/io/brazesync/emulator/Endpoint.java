package io.brazesync.emulator;

import java.util.Optional;

/** A user-data endpoint the emulator serves, with the permission and budget it needs. */
enum Endpoint {
    TRACK("/users/track", Permission.USERS_TRACK, RateLimitFamily.TRACK),
    IDENTIFY("/users/identify", Permission.USERS_IDENTIFY, RateLimitFamily.IDENTITY),
    ALIAS_NEW("/users/alias/new", Permission.USERS_ALIAS_NEW, RateLimitFamily.IDENTITY),
    DELETE("/users/delete", Permission.USERS_DELETE, RateLimitFamily.IDENTITY);

    private final String path;
    private final Permission permission;
    private final RateLimitFamily rateLimitFamily;

    Endpoint(String path, Permission permission, RateLimitFamily rateLimitFamily) {
        this.path = path;
        this.permission = permission;
        this.rateLimitFamily = rateLimitFamily;
    }

    static Optional<Endpoint> forPath(String path) {
        for (Endpoint endpoint : values()) {
            if (endpoint.path.equals(path)) {
                return Optional.of(endpoint);
            }
        }
        return Optional.empty();
    }

    Permission permission() {
        return permission;
    }

    RateLimitFamily rateLimitFamily() {
        return rateLimitFamily;
    }
}
