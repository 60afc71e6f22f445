package io.brazesync.connector.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void acceptsTextOfEveryLengthOfCodePoint() {
        String text = "ascii é € 𝄞 emoji 😀";

        assertThat(Utf8.isValid(text.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void refusesOverlongFormsSurrogatesStrayAndTruncatedBytes() {
        assertThat(Utf8.isValid(bytes(0xc0, 0xaf))).as("overlong '/'").isFalse();
        assertThat(Utf8.isValid(bytes(0xe0, 0x80, 0xaf))).as("overlong, 3 bytes").isFalse();
        assertThat(Utf8.isValid(bytes(0xed, 0xa0, 0x80))).as("surrogate U+D800").isFalse();
        assertThat(Utf8.isValid(bytes(0xf4, 0x90, 0x80, 0x80))).as("above U+10FFFF").isFalse();
        assertThat(Utf8.isValid(bytes(0x80))).as("stray continuation").isFalse();
        assertThat(Utf8.isValid(bytes(0xe2, 0x82))).as("truncated").isFalse();
        assertThat(Utf8.isValid(bytes(0xc3, 0x28))).as("bad continuation").isFalse();
    }

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        Random random = new Random(17);
        for (int n = 0; n < 100_000; n++) {
            byte[] bytes = new byte[random.nextInt(8)];
            random.nextBytes(bytes);

            assertThat(Utf8.isValid(bytes)).as("bytes of case %d", n).isEqualTo(jdkAccepts(bytes));
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
