package io.brazesync.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One HTTP request as the emulator reads it, free of Netty buffers so it can wait for a delay.
 *
 * @param method the HTTP method
 * @param path the path without query string
 * @param authorization the Authorization header, or null; never recorded nor logged
 * @param contentType the Content-Type header, or null
 * @param bodyBytes the body's length in bytes
 * @param body the body as a JSON object, or null when it is not one or is too large to read
 */
record IncomingRequest(
        String method,
        String path,
        String authorization,
        String contentType,
        int bodyBytes,
        ObjectNode body) {

    /** Reads a body no larger than {@code maxBodyBytes}; a larger one is left unread. */
    static IncomingRequest of(
            String method,
            String path,
            String authorization,
            String contentType,
            byte[] body,
            int maxBodyBytes) {
        ObjectNode json = body.length <= maxBodyBytes ? Json.parseObject(body) : null;
        return new IncomingRequest(method, path, authorization, contentType, body.length, json);
    }

    @Override
    public String toString() {
        // The key and the body stay out of anything that might be logged.
        return method + " " + path + " (" + bodyBytes + " bytes)";
    }
}
