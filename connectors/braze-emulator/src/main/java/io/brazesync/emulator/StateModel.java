package io.brazesync.emulator;

import static io.brazesync.emulator.BrazeKeys.BRAZE_IDS;
import static io.brazesync.emulator.BrazeKeys.EXTERNAL_IDS;
import static io.brazesync.emulator.BrazeKeys.MERGE_OBJECTS;
import static io.brazesync.emulator.BrazeKeys.UPDATE_EXISTING_ONLY;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emulated workspace's users, changed by valid objects one request at a time, under one lock,
 * in the order requests are applied.
 */
final class StateModel {

    private static final Set<String> NOT_ATTRIBUTES =
            Set.of("external_id", "braze_id", "user_alias", UPDATE_EXISTING_ONLY, MERGE_OBJECTS);

    private final Map<String, StoredProfile> profiles = new LinkedHashMap<>();
    private final Map<String, StoredProfile> byExternalId = new HashMap<>();
    private final Map<UserAlias, StoredProfile> byAlias = new HashMap<>();
    private final Map<String, Set<StoredProfile>> byEmail = new HashMap<>();
    private final Map<String, Set<StoredProfile>> byPhone = new HashMap<>();
    private final Set<String> deletedExternalIds = new LinkedHashSet<>();
    private long nextProfileNumber = 1;
    private long nextEntryOrder;
    private long attributeDataPoints;

    /** Applies the valid objects of one track request: attributes, then events, then purchases. */
    synchronized void applyTrack(
            List<JsonNode> attributes,
            List<JsonNode> events,
            List<JsonNode> purchases,
            boolean dropNestedUpdates) {
        attributes.forEach(object -> applyAttributes(object, dropNestedUpdates));
        events.forEach(event -> append(event, false));
        purchases.forEach(purchase -> append(purchase, true));
    }

    /** Identifies alias-only users: each is merged into the user with the external_id. */
    synchronized void applyIdentify(List<JsonNode> aliasesToIdentify) {
        for (JsonNode item : aliasesToIdentify) {
            identify(UserAlias.from(item.get("user_alias")), item.get("external_id").asText());
        }
    }

    /** Adds aliases, to the user with the external_id if given, else as alias-only users. */
    synchronized void applyNewAliases(List<JsonNode> userAliases) {
        for (JsonNode item : userAliases) {
            UserAlias alias = UserAlias.from(item);
            if (byAlias.containsKey(alias)) {
                continue; // an alias names one user; Braze keeps the first
            }
            JsonNode externalId = item.get("external_id");
            StoredProfile profile =
                    externalId == null || externalId.isNull()
                            ? newProfile()
                            : profileWithExternalId(externalId.asText());
            addAlias(profile, alias);
        }
    }

    /** Deletes the users named in the delete request's one identifier array. */
    synchronized void applyDelete(String identifierArray, List<JsonNode> identifiers) {
        for (JsonNode identifier : identifiers) {
            StoredProfile profile;
            if (identifierArray.equals(EXTERNAL_IDS)) {
                deletedExternalIds.add(identifier.asText());
                profile = byExternalId.get(identifier.asText());
            } else if (identifierArray.equals(BRAZE_IDS)) {
                profile = profiles.get(identifier.asText());
            } else {
                profile = byAlias.get(UserAlias.from(identifier));
            }
            if (profile != null) {
                if (profile.externalId() != null) {
                    deletedExternalIds.add(profile.externalId());
                }
                remove(profile);
            }
        }
    }

    synchronized BrazeState snapshot() {
        List<Profile> copies = new ArrayList<>(profiles.size());
        profiles.values().forEach(profile -> copies.add(profile.snapshot()));
        return new BrazeState(copies, deletedExternalIds, attributeDataPoints);
    }

    synchronized void clear() {
        profiles.clear();
        byExternalId.clear();
        byAlias.clear();
        byEmail.clear();
        byPhone.clear();
        deletedExternalIds.clear();
        nextProfileNumber = 1;
        nextEntryOrder = 0;
        attributeDataPoints = 0;
    }

    private void applyAttributes(JsonNode object, boolean dropNestedUpdates) {
        UserIdentifier identifier = UserIdentifier.of(object, true);
        boolean aliasKeyed = identifier.type() == UserIdentifier.Type.USER_ALIAS;
        boolean updateExistingOnly = object.path(UPDATE_EXISTING_ONLY).asBoolean(aliasKeyed);
        boolean mergeObjects = object.path(MERGE_OBJECTS).asBoolean(false);

        StoredProfile profile = find(identifier);
        if (profile == null && !updateExistingOnly) {
            profile = create(identifier);
        }
        if (profile == null) {
            return; // Braze still counts the object as processed
        }

        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (NOT_ATTRIBUTES.contains(key) || key.equals(identifier.type().key())) {
                continue;
            }
            if (dropNestedUpdates && AttributeOperation.of(value).isNested()) {
                continue;
            }
            attributeDataPoints++;
            if (key.equals("email")) {
                setEmail(profile, value.isNull() ? null : value.asText());
            } else if (key.equals("phone")) {
                setPhone(profile, value.isNull() ? null : value.asText());
            } else {
                JsonNode next =
                        AttributeUpdates.next(profile.attributes().get(key), value, mergeObjects);
                if (next == null) {
                    profile.attributes().remove(key);
                } else {
                    profile.attributes().put(key, next);
                }
            }
        }
    }

    private void append(JsonNode object, boolean purchase) {
        UserIdentifier identifier = UserIdentifier.of(object, false);
        StoredProfile profile = find(identifier);
        if (profile == null) {
            profile = create(identifier);
        }
        if (profile == null) {
            return; // an unknown braze_id names nobody
        }
        List<StoredProfile.Entry> entries = purchase ? profile.purchases() : profile.events();
        entries.add(new StoredProfile.Entry(nextEntryOrder++, object.deepCopy()));
    }

    private void identify(UserAlias alias, String externalId) {
        StoredProfile aliased = byAlias.get(alias);
        StoredProfile identified = byExternalId.get(externalId);
        if (aliased == null) {
            addAlias(profileWithExternalId(externalId), alias);
        } else if (aliased.externalId() != null) {
            return; // only alias-only users are identified; this alias already has a user
        } else if (identified == null) {
            setExternalId(aliased, externalId);
        } else {
            mergeInto(aliased, identified);
        }
    }

    /** Moves an alias-only user into an identified one, whose attributes win on conflict. */
    private void mergeInto(StoredProfile source, StoredProfile target) {
        remove(source);
        source.attributes().forEach(target.attributes()::putIfAbsent);
        concatenate(target.events(), source.events());
        concatenate(target.purchases(), source.purchases());
        source.aliasNamesByLabel()
                .forEach((label, name) -> addAlias(target, new UserAlias(name, label)));
        if (target.email() == null && source.email() != null) {
            setEmail(target, source.email());
        }
        if (target.phone() == null && source.phone() != null) {
            setPhone(target, source.phone());
        }
    }

    private static void concatenate(
            List<StoredProfile.Entry> target, List<StoredProfile.Entry> source) {
        target.addAll(source);
        target.sort(Comparator.comparingLong(StoredProfile.Entry::order));
    }

    private StoredProfile find(UserIdentifier identifier) {
        return switch (identifier.type()) {
            case EXTERNAL_ID -> byExternalId.get(identifier.value());
            case BRAZE_ID -> profiles.get(identifier.value());
            case USER_ALIAS -> byAlias.get(identifier.alias());
            case EMAIL -> oldest(byEmail.get(identifier.value()));
            case PHONE -> oldest(byPhone.get(identifier.value()));
        };
    }

    /** Creates the user an identifier names, or returns null for a braze_id Braze never gave. */
    private StoredProfile create(UserIdentifier identifier) {
        if (identifier.type() == UserIdentifier.Type.BRAZE_ID) {
            return null;
        }
        StoredProfile profile = newProfile();
        switch (identifier.type()) {
            case EXTERNAL_ID -> setExternalId(profile, identifier.value());
            case USER_ALIAS -> addAlias(profile, identifier.alias());
            case EMAIL -> setEmail(profile, identifier.value());
            case PHONE -> setPhone(profile, identifier.value());
            default -> throw new IllegalStateException("Unhandled " + identifier.type());
        }
        return profile;
    }

    private StoredProfile profileWithExternalId(String externalId) {
        StoredProfile profile = byExternalId.get(externalId);
        if (profile == null) {
            profile = newProfile();
            setExternalId(profile, externalId);
        }
        return profile;
    }

    private StoredProfile newProfile() {
        StoredProfile profile = new StoredProfile(nextProfileNumber++);
        profiles.put(profile.brazeId(), profile);
        return profile;
    }

    private void setExternalId(StoredProfile profile, String externalId) {
        profile.externalId(externalId);
        byExternalId.put(externalId, profile);
    }

    /** Gives the user the alias; an alias of the same label that the user had is replaced. */
    private void addAlias(StoredProfile profile, UserAlias alias) {
        String replaced = profile.aliasNamesByLabel().put(alias.label(), alias.name());
        if (replaced != null) {
            byAlias.remove(new UserAlias(replaced, alias.label()));
        }
        byAlias.put(alias, profile);
    }

    private void setEmail(StoredProfile profile, String email) {
        unindex(byEmail, profile.email(), profile);
        profile.email(email);
        index(byEmail, email, profile);
    }

    private void setPhone(StoredProfile profile, String phone) {
        unindex(byPhone, profile.phone(), profile);
        profile.phone(phone);
        index(byPhone, phone, profile);
    }

    private void remove(StoredProfile profile) {
        profiles.remove(profile.brazeId());
        if (profile.externalId() != null) {
            byExternalId.remove(profile.externalId());
        }
        profile.aliasNamesByLabel()
                .forEach((label, name) -> byAlias.remove(new UserAlias(name, label)));
        unindex(byEmail, profile.email(), profile);
        unindex(byPhone, profile.phone(), profile);
    }

    private static void index(
            Map<String, Set<StoredProfile>> index, String key, StoredProfile profile) {
        if (key != null) {
            index.computeIfAbsent(key, unused -> new LinkedHashSet<>()).add(profile);
        }
    }

    private static void unindex(
            Map<String, Set<StoredProfile>> index, String key, StoredProfile profile) {
        if (key == null) {
            return;
        }
        Set<StoredProfile> holders = index.get(key);
        if (holders != null) {
            holders.remove(profile);
            if (holders.isEmpty()) {
                index.remove(key);
            }
        }
    }

    /** Several users may share an email or phone; like the snapshot, the oldest answers to it. */
    private static StoredProfile oldest(Set<StoredProfile> holders) {
        if (holders == null) {
            return null;
        }
        return holders.stream().min(Comparator.comparingLong(StoredProfile::number)).orElse(null);
    }
}
