package io.brazesync.connector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BrazeEndpointUrlTest {

    @Test
    void acceptsHttpsAndLoopbackHttp() {
        assertThat(BrazeEndpointUrl.check("https://rest.iad-01.braze.com/"))
                .isEqualTo("https://rest.iad-01.braze.com");
        assertThat(BrazeEndpointUrl.check("http://127.0.0.1:8080"))
                .isEqualTo("http://127.0.0.1:8080");
        assertThat(BrazeEndpointUrl.check("http://localhost:1")).isEqualTo("http://localhost:1");
    }

    @Test
    void refusesPlainHttpToAnotherHost() {
        assertThatThrownBy(() -> BrazeEndpointUrl.check("http://rest.iad-01.braze.com"))
                .hasMessageContaining("must use https");
        assertThatThrownBy(() -> BrazeEndpointUrl.check("http://10.0.0.1"))
                .hasMessageContaining("must use https");
    }

    @Test
    void refusesSomethingThatIsNotAUrl() {
        assertThatThrownBy(() -> BrazeEndpointUrl.check("rest.iad-01.braze.com"))
                .hasMessageContaining("not a URL");
        assertThatThrownBy(() -> BrazeEndpointUrl.check("")).hasMessageContaining("missing");
    }
}
