package io.brazesync.connector.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserKeysTest {

    @Test
    void aliasesWhoseLabelOrNameHoldAColonKeepKeysApart() {
        assertThat(UserKeys.alias("c", "a:b")).isNotEqualTo(UserKeys.alias("b:c", "a"));
        assertThat(UserKeys.alias("u1", "crm")).isNotEqualTo(UserKeys.of("external_id", "u1"));
    }
}
