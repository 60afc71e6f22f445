package io.brazesync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A user profile as the state model keeps it; changed only under the model's lock. */
final class StoredProfile {

    private final long number;
    private final Map<String, String> aliasNamesByLabel = new LinkedHashMap<>();
    private final Map<String, JsonNode> attributes = new LinkedHashMap<>();
    private final List<Entry> events = new ArrayList<>();
    private final List<Entry> purchases = new ArrayList<>();
    private String externalId;
    private String email;
    private String phone;

    StoredProfile(long number) {
        this.number = number;
    }

    /** An event or purchase, with its place in the order the whole workspace received them. */
    record Entry(long order, JsonNode body) {}

    /** Creation order; the braze_id is derived from it. */
    long number() {
        return number;
    }

    String brazeId() {
        return "emu-" + number;
    }

    String externalId() {
        return externalId;
    }

    void externalId(String externalId) {
        this.externalId = externalId;
    }

    String email() {
        return email;
    }

    void email(String email) {
        this.email = email;
    }

    String phone() {
        return phone;
    }

    void phone(String phone) {
        this.phone = phone;
    }

    /** Alias names by label: a user holds at most one alias per label. */
    Map<String, String> aliasNamesByLabel() {
        return aliasNamesByLabel;
    }

    Map<String, JsonNode> attributes() {
        return attributes;
    }

    List<Entry> events() {
        return events;
    }

    List<Entry> purchases() {
        return purchases;
    }

    Profile snapshot() {
        Map<String, JsonNode> attributeCopies = new LinkedHashMap<>();
        attributes.forEach((key, value) -> attributeCopies.put(key, value.deepCopy()));
        return new Profile(
                brazeId(),
                externalId,
                aliasNamesByLabel,
                email,
                phone,
                attributeCopies,
                copies(events),
                copies(purchases));
    }

    private static List<JsonNode> copies(List<Entry> entries) {
        List<JsonNode> bodies = new ArrayList<>(entries.size());
        entries.forEach(entry -> bodies.add(entry.body().deepCopy()));
        return bodies;
    }
}
