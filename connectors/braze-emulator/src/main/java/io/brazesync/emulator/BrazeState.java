package io.brazesync.emulator;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An immutable, consistent snapshot of the emulated workspace's users. */
public final class BrazeState {

    private final List<Profile> profiles;
    private final Map<String, Profile> byBrazeId = new HashMap<>();
    private final Map<String, Profile> byExternalId = new HashMap<>();
    private final Map<UserAlias, Profile> byAlias = new HashMap<>();
    private final Map<String, Profile> byEmail = new HashMap<>();
    private final Map<String, Profile> byPhone = new HashMap<>();
    private final Set<String> deletedExternalIds;
    private final long attributeDataPoints;

    /** Takes the profiles in creation order; the oldest wins an email or phone shared by many. */
    BrazeState(List<Profile> profiles, Set<String> deletedExternalIds, long attributeDataPoints) {
        this.profiles = List.copyOf(profiles);
        this.deletedExternalIds =
                Collections.unmodifiableSet(new LinkedHashSet<>(deletedExternalIds));
        this.attributeDataPoints = attributeDataPoints;
        for (Profile profile : this.profiles) {
            byBrazeId.put(profile.brazeId(), profile);
            if (profile.externalId() != null) {
                byExternalId.put(profile.externalId(), profile);
            }
            profile.aliases()
                    .forEach((label, name) -> byAlias.put(new UserAlias(name, label), profile));
            if (profile.email() != null) {
                byEmail.putIfAbsent(profile.email(), profile);
            }
            if (profile.phone() != null) {
                byPhone.putIfAbsent(profile.phone(), profile);
            }
        }
    }

    public Optional<Profile> byExternalId(String externalId) {
        return Optional.ofNullable(byExternalId.get(externalId));
    }

    public Optional<Profile> byAlias(String aliasName, String aliasLabel) {
        return Optional.ofNullable(byAlias.get(new UserAlias(aliasName, aliasLabel)));
    }

    public Optional<Profile> byBrazeId(String brazeId) {
        return Optional.ofNullable(byBrazeId.get(brazeId));
    }

    public Optional<Profile> byEmail(String email) {
        return Optional.ofNullable(byEmail.get(email));
    }

    public Optional<Profile> byPhone(String phone) {
        return Optional.ofNullable(byPhone.get(phone));
    }

    /** Every profile, in creation order. */
    public Collection<Profile> profiles() {
        return profiles;
    }

    /**
     * The external_ids named in delete requests or held by a deleted profile, in deletion order. A
     * later track request may create the user again.
     */
    public Set<String> deletedExternalIds() {
        return deletedExternalIds;
    }

    /**
     * How many attribute values were written, changed or not: what Braze bills on contracts priced
     * by data points.
     */
    public long attributeDataPoints() {
        return attributeDataPoints;
    }

    @Override
    public String toString() {
        return "BrazeState{profiles=" + profiles.size() + "}";
    }
}
