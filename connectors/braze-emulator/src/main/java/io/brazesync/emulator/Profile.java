package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable copy of one user profile, as it was when its {@link BrazeState} was taken. */
public final class Profile {

    private final String brazeId;
    private final String externalId;
    private final Map<String, String> aliases;
    private final String email;
    private final String phone;
    private final Map<String, JsonNode> attributes;
    private final List<JsonNode> events;
    private final List<JsonNode> purchases;

    Profile(
            String brazeId,
            String externalId,
            Map<String, String> aliases,
            String email,
            String phone,
            Map<String, JsonNode> attributes,
            List<JsonNode> events,
            List<JsonNode> purchases) {
        this.brazeId = brazeId;
        this.externalId = externalId;
        this.aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        this.email = email;
        this.phone = phone;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.events = List.copyOf(events);
        this.purchases = List.copyOf(purchases);
    }

    /** The emulator's own identifier, {@code emu-1}, {@code emu-2}, .. in creation order. */
    public String brazeId() {
        return brazeId;
    }

    /** The external_id, or null for an alias-only (or email- or phone-only) profile. */
    public String externalId() {
        return externalId;
    }

    /** The user's aliases, alias name by alias label. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** The email address, or null. */
    public String email() {
        return email;
    }

    /** The phone number, or null. */
    public String phone() {
        return phone;
    }

    /** Every attribute but email and phone, standard and custom, by name. */
    public Map<String, JsonNode> attributes() {
        return attributes;
    }

    /** The events as they were sent, in the order they were applied. */
    public List<JsonNode> events() {
        return events;
    }

    /** The purchases as they were sent, one entry per purchase object whatever its quantity. */
    public List<JsonNode> purchases() {
        return purchases;
    }

    /** How many purchases Braze counts: a purchase with quantity N counts N times. */
    public int purchaseCount() {
        int count = 0;
        for (JsonNode purchase : purchases) {
            count += purchase.path("quantity").asInt(1);
        }
        return count;
    }

    @Override
    public String toString() {
        return "Profile{brazeId="
                + brazeId
                + ", externalId="
                + externalId
                + ", aliases="
                + aliases
                + ", attributes="
                + attributes.keySet()
                + ", events="
                + events.size()
                + ", purchases="
                + purchases.size()
                + "}";
    }
}
