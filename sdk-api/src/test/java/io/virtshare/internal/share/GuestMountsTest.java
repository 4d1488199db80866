package io.virtshare.internal.share;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuestMountsTest {

    @ParameterizedTest
    @CsvSource({"/home, home.mount", "/, -.mount", "/mnt/my models, mnt-my\\x20models.mount",
        "/var/lib/x-y, var-lib-x\\x2dy.mount"})
    void systemdUnitNames_areEscapedAsSystemdDoes(String path, String unit) {
        assertThat(GuestMounts.systemdUnitName(path)).isEqualTo(unit);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"/mnt/plain|\"/mnt/plain\"", "/mnt/a\"b|\"/mnt/a\\\"b\"",
        "/mnt/a\\b|\"/mnt/a\\\\b\""})
    void cloudInitFields_areQuotedAsYamlStrings(String field, String yaml) {
        assertThat(GuestMounts.yamlString(field)).isEqualTo(yaml);
    }
}
