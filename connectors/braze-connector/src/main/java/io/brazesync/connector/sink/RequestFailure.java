package io.brazesync.connector.sink;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Puts a request that got no answer at all into words: what failed (refused, unresolved, untrusted,
 * timed out) and, before Braze ever answered, what to check.
 *
 * <p>Only exception class names and fixed hints are used, never an exception's own message, so
 * nothing a library put there reaches a dead letter.
 */
final class RequestFailure {

    /** How deep a cause chain is searched; chains that loop end here too. */
    private static final int MAX_CAUSES = 16;

    private RequestFailure() {}

    /** For example {@code "SSLHandshakeException (the server's certificate is not trusted)"}. */
    static String describe(Throwable error) {
        Throwable tls = find(error, SSLException.class);
        if (tls != null) {
            return tls.getClass().getSimpleName()
                    + (find(error, GeneralSecurityException.class) != null
                            ? " (the server's certificate is not trusted or does not match the"
                                    + " host)"
                            : " (the TLS handshake failed)");
        }
        if (find(error, UnknownHostException.class) != null) {
            return "UnknownHostException (the host name does not resolve)";
        }
        if (find(error, ConnectTimeoutException.class) != null) {
            return "ConnectTimeoutException (no connection within the connect timeout)";
        }
        // Netty's own subclass has an unhelpful name; the JDK's says what happened.
        if (find(error, ConnectException.class) != null) {
            return "ConnectException (connection refused)";
        }
        if (find(error, TimeoutException.class) != null) {
            return "TimeoutException (no answer within the request timeout)";
        }
        Throwable io = find(error, IOException.class);
        if (io != null) {
            return io.getClass().getSimpleName() + " (the connection failed before an answer)";
        }
        return rootCause(error).getClass().getSimpleName();
    }

    /** Why the job stops when Braze has not answered once: the endpoint, the cause, the checks. */
    static String cannotReach(String endpoint, String cause, int attempts) {
        return "cannot reach Braze at "
                + endpoint
                + ": "
                + cause
                + " on the last of "
                + attempts
                + " attempts, and Braze has not answered once since the sink started; check"
                + " braze.endpoint, the network (DNS, firewall, proxy) and that the JVM trusts"
                + " the endpoint's certificate. No record was dead-lettered: the job fails so"
                + " that its restart strategy can try again";
    }

    private static Throwable find(Throwable error, Class<? extends Throwable> type) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
            if (type.isInstance(cause)) {
                return cause;
            }
            cause = cause.getCause();
        }
        return null;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause.getCause() != null && depth < MAX_CAUSES; depth++) {
            cause = cause.getCause();
        }
        return cause;
    }
}
