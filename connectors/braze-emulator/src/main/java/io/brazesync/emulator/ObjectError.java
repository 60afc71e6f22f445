package io.brazesync.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One object Braze rejected in a readable request, as its response's {@code errors} names it.
 *
 * @param type the human reason
 * @param inputArray the array the object was in, e.g. {@code attributes}
 * @param index the object's position in that array
 */
public record ObjectError(String type, String inputArray, int index) {

    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("type", type);
        json.put("input_array", inputArray);
        json.put("index", index);
        return json;
    }
}
