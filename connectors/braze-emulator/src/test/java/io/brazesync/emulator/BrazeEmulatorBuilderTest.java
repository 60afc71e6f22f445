package io.brazesync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings are checked when built, and an emulator starts on loopback and stops cleanly. */
class BrazeEmulatorBuilderTest {

    @Test
    void startsOnLoopbackWithAnEphemeralPort() {
        try (BrazeEmulator emulator = BrazeEmulator.builder().apiKey("k").start()) {
            assertThat(emulator.port()).isPositive();
            assertThat(emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port());
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        BrazeEmulator emulator = BrazeEmulator.builder().apiKey("k").start();

        emulator.close();
        emulator.close();
    }

    @Test
    void refusesToStartWithoutAnApiKey() {
        assertThatThrownBy(() -> BrazeEmulator.builder().start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiKey");
    }

    @Test
    void refusesBadSettingsNamingThem() {
        BrazeEmulatorBuilder builder = BrazeEmulator.builder();

        assertThatThrownBy(() -> builder.apiKey(" ")).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> builder.identityCap(0)).hasMessageContaining("identityCap");
        assertThatThrownBy(() -> builder.maxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> builder.trackRateLimit(0, Duration.ofSeconds(3)))
                .hasMessageContaining("trackRateLimit");
        assertThatThrownBy(() -> builder.identityRateLimit(1, Duration.ZERO))
                .hasMessageContaining("identityRateLimit");
        assertThatThrownBy(() -> TrackCap.total(0)).hasMessageContaining("trackCap");
        assertThatThrownBy(() -> builder.port(70_000)).hasMessageContaining("port");
    }

    @Test
    void mainReadsPortAndApiKey() {
        try (BrazeEmulator emulator =
                BrazeEmulatorMain.builderFrom(new String[] {"--port", "0", "--api-key", "k"})
                        .start()) {
            assertThat(emulator.port()).isPositive();
        }
    }

    @Test
    void mainRefusesAMissingKeyOrAnUnknownOption() {
        assertThatThrownBy(() -> BrazeEmulatorMain.builderFrom(new String[] {"--port", "0"}))
                .hasMessageContaining("--api-key");
        assertThatThrownBy(() -> BrazeEmulatorMain.builderFrom(new String[] {"--verbose", "1"}))
                .hasMessageContaining("--verbose");
        assertThatThrownBy(() -> BrazeEmulatorMain.builderFrom(new String[] {"--api-key"}))
                .hasMessageContaining("needs a value");
    }
}
