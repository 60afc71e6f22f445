package io.brazesync.emulator;

/** A permission a Braze REST API key may hold; each user-data endpoint needs exactly one. */
public enum Permission {
    USERS_TRACK("users.track"),
    USERS_IDENTIFY("users.identify"),
    USERS_ALIAS_NEW("users.alias.new"),
    USERS_DELETE("users.delete");

    private final String scope;

    Permission(String scope) {
        this.scope = scope;
    }

    /** The permission's name as Braze's dashboard shows it, e.g. {@code users.track}. */
    public String scope() {
        return scope;
    }
}
