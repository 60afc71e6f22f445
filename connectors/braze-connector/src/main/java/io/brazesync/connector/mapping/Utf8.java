package io.brazesync.connector.mapping;

/**
 * Checks that bytes are well-formed UTF-8 without decoding them: no stray continuation bytes, no
 * overlong forms, no UTF-16 surrogates and nothing above U+10FFFF, as RFC 3629 defines it.
 */
final class Utf8 {

    private Utf8() {}

    static boolean isValid(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + length > bytes.length) {
                return false;
            }
            int codePoint = b & (0xff >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3f);
            }
            if (codePoint < min
                    || codePoint > 0x10ffff
                    || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
                return false;
            }
            i += length;
        }
        return true;
    }
}
