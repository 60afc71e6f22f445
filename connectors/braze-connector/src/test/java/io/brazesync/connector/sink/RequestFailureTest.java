package io.brazesync.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What a request that got no answer is called in a dead letter or a failed job. */
class RequestFailureTest {

    @Test
    void anUntrustedCertificateIsCalledSo() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException("unable to find valid certification path"));

        assertThat(RequestFailure.describe(new IOException("wrapper", handshake)))
                .isEqualTo(
                        "SSLHandshakeException (the server's certificate is not trusted or does"
                                + " not match the host)");
        assertThat(RequestFailure.describe(new SSLHandshakeException("no cipher suites")))
                .isEqualTo("SSLHandshakeException (the TLS handshake failed)");
    }

    @Test
    void namesTheCausesOfNoAnswer() {
        assertThat(RequestFailure.describe(new IOException(new ConnectException("refused"))))
                .isEqualTo("ConnectException (connection refused)");
        assertThat(RequestFailure.describe(new IOException(new UnknownHostException("x"))))
                .isEqualTo("UnknownHostException (the host name does not resolve)");
        assertThat(RequestFailure.describe(new ConnectTimeoutException("10 s")))
                .isEqualTo("ConnectTimeoutException (no connection within the connect timeout)");
        assertThat(RequestFailure.describe(new TimeoutException("Request timeout after 300 ms")))
                .isEqualTo("TimeoutException (no answer within the request timeout)");
        assertThat(RequestFailure.describe(new IOException("Remotely closed")))
                .isEqualTo("IOException (the connection failed before an answer)");
        assertThat(RequestFailure.describe(new IllegalStateException("odd")))
                .isEqualTo("IllegalStateException");
    }

    @Test
    void neverRepeatsAnExceptionsOwnMessage() {
        String secret = "Bearer sink-test-key";

        assertThat(RequestFailure.describe(new IOException(secret))).doesNotContain(secret);
        assertThat(RequestFailure.describe(new IllegalStateException(secret)))
                .doesNotContain(secret);
    }

    @Test
    void aCauseChainThatLoopsEnds() {
        LoopingException looping = new LoopingException();

        assertThat(RequestFailure.describe(looping)).isIn("LoopingException", "RuntimeException");
    }

    @Test
    void cannotReachNamesTheEndpointTheCauseAndWhatToCheck() {
        String message =
                RequestFailure.cannotReach(
                        "https://rest.iad-01.braze.com",
                        "ConnectException (connection refused)",
                        3);

        assertThat(message)
                .startsWith(
                        "cannot reach Braze at https://rest.iad-01.braze.com: ConnectException"
                                + " (connection refused) on the last of 3 attempts")
                .contains("check braze.endpoint, the network")
                .contains("certificate")
                .contains("restart strategy");
    }

    /** An exception that is its own cause's cause. */
    private static final class LoopingException extends RuntimeException {
        private final RuntimeException other = new RuntimeException(this);

        @Override
        public synchronized Throwable getCause() {
            return other;
        }
    }
}
