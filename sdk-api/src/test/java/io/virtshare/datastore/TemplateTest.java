package io.virtshare.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
    private static final String SHAREDFS = """
            NAME      = "AI Models Shared"
            TYPE      = "IMAGE_DS"
            DS_MAD    = "sharedfs"
            TM_MAD    = "dummy"
            DISK_TYPE = "SHAREDFS"
            # safety
            SAFE_DIRS           = "/var/tmp"
            RESTRICTED_DIRS     = "/,/boot,/etc"
            """;

    @Test
    void parse_readsTheReferenceTemplate() {
        Template t = Template.parse(SHAREDFS);

        assertThat(t.find("NAME")).hasValue("AI Models Shared");
        assertThat(t.find("restricted_dirs")).hasValue("/,/boot,/etc");
        assertThat(t.keys()).containsExactly("NAME", "TYPE", "DS_MAD", "TM_MAD", "DISK_TYPE", "SAFE_DIRS",
                "RESTRICTED_DIRS");
    }

    @Test
    void parse_readsUnquotedValuesAsInTheVirtiofsReference() {
        Template t = Template.parse("NAME      = fs_system\nTYPE      = IMAGE_DS\nDS_MAD    = virtiofs\n");

        assertThat(t.attributes()).containsExactly(Map.entry("NAME", "fs_system"), Map.entry("TYPE", "IMAGE_DS"),
                Map.entry("DS_MAD", "virtiofs"));
    }

    @Test
    void unknownAttributesAndVectors_areKeptAndWrittenBack() {
        String text = "NAME = \"x\"\nCUSTOM_THING = \"keep me\"\nDISK = [ IMAGE_ID = \"1\", TARGET = \"vda\" ]\n";

        Template t = Template.parse(text);
        Template again = Template.parse(t.toText());

        assertThat(again).isEqualTo(t);
        assertThat(again.find("CUSTOM_THING")).hasValue("keep me");
        assertThat(again.find("DISK")).hasValue("[ IMAGE_ID = \"1\", TARGET = \"vda\" ]");
        assertThat(again.attributes()).doesNotContainKey("DISK");
    }

    @Test
    void with_replacesInPlaceAndAppendsNew() {
        Template t = Template.parse(SHAREDFS).with("ds_mad", "virtiofs").with("LIMIT_MB", "1024");

        assertThat(t.keys()).startsWith("NAME", "TYPE", "DS_MAD").endsWith("LIMIT_MB");
        assertThat(t.find("DS_MAD")).hasValue("virtiofs");
        assertThat(t.without("LIMIT_MB").find("LIMIT_MB")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NAME \"x\"|line 1: expected '=' after NAME",
        "NAME = \"x|line 1: unterminated quoted value",
        "\\nNAME = x y|line 2: unexpected text after the value",
        "1NAME = x|expected an attribute name",
        "D = [ a = 1|unterminated vector"})
    void parse_badText_namesTheLine(String text, String message) {
        assertThatThrownBy(() -> Template.parse(text.replace("\\n", "\n")))
                .isInstanceOf(DatastoreException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("KEY = \"value\"");
    }

    @Property
    void anyValue_survivesWriteThenParse(@ForAll @AlphaChars @StringLength(min = 1, max = 12) String key,
            @ForAll @StringLength(max = 60) String value) {
        Template t = Template.empty().with(key, value);

        assertThat(Template.parse(t.toText()).find(key)).hasValue(value);
    }

    @Test
    void get_whenKeyIsSet_givesItsValue_andFindGivesItOptionally() {
        Template t = Template.parse("NAME = \"models\"\n");

        assertThat(t.get("name")).isEqualTo("models");
        assertThat(t.find("NAME")).contains("models");
        assertThat(t.find("LIMIT_MB")).isEmpty();
    }

    @Test
    void get_whenKeyIsNotSet_throwsSayingHowToSetOrFindIt() {
        assertThatThrownBy(() -> Template.empty().get("limit_mb")).isInstanceOf(DatastoreException.class)
                .hasMessage("the template sets no LIMIT_MB; set it with with(\"LIMIT_MB\", …) or look it up with"
                        + " find(…)")
                .extracting(e -> ((DatastoreException) e).failure()).isEqualTo(DatastoreFailure.INVALID_INPUT);
    }
}
