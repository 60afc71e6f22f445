package io.brazesync.connector.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.apache.flink.annotation.Internal;

/** Checks a Braze REST endpoint: HTTPS, except for a loopback address used by tests. */
@Internal
public final class BrazeEndpointUrl {

    private BrazeEndpointUrl() {}

    /** Returns the endpoint without a trailing slash, or fails saying what is wrong. */
    public static String check(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException(
                    "braze endpoint is missing; use your instance's REST host, such as "
                            + "https://rest.iad-01.braze.com");
        }
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("braze endpoint is not a URL: " + endpoint);
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || scheme == null) {
            throw new IllegalArgumentException("braze endpoint is not a URL: " + endpoint);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(
                    "braze endpoint "
                            + endpoint
                            + " must use https: the API key would cross the network in clear"
                            + " text (plain http is allowed on loopback only)");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("braze endpoint must be an https URL: " + endpoint);
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
