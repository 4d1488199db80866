package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parse conveniences on the values go through the codec: one path, one size limit. */
class OneXmlEntryTest {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    @ParameterizedTest
    @ValueSource(strings = {
        "<domain type='kvm'/>",
        "<filesystem><binary><thread_pool size='many'/></binary><target dir='t'/></filesystem>",
        "<filesystem>",
        "   "
    })
    void filesystemParse_refusesBadInputExactlyAsTheCodecDoes(String xml) {
        XmlParseException viaValue = catchThrowableOfType(() -> FilesystemDevice.parse(xml), XmlParseException.class);
        XmlParseException viaCodec = catchThrowableOfType(() -> CODEC.readFilesystem(xml), XmlParseException.class);

        assertThat(viaValue).isNotNull();
        assertThat(viaValue).hasMessage(viaCodec.getMessage());
        assertThat(viaValue.line()).isEqualTo(viaCodec.line());
    }

    @Test
    void filesystemParse_readsWhatTheCodecReads() {
        FilesystemDevice fs = FilesystemDevice.virtiofs(Path.of("/srv/models"), "models").queue(1024).build();
        String xml = CODEC.writeFilesystem(fs);

        assertThat(FilesystemDevice.parse(xml)).isEqualTo(CODEC.readFilesystem(xml));
    }

    @Test
    void everyParseEntry_refusesInputAboveTheOneDefaultLimit_namingIt() {
        String padding = " ".repeat((int) XmlCodec.DEFAULT_MAX_INPUT_CHARS);
        String limit = Long.toString(XmlCodec.DEFAULT_MAX_INPUT_CHARS);

        assertThat(catchThrowableOfType(() -> DomainXml.parse("<domain>" + padding + "</domain>"),
                XmlParseException.class)).hasMessageContaining(limit);
        assertThat(catchThrowableOfType(() -> FilesystemDevice.parse("<filesystem>" + padding + "</filesystem>"),
                XmlParseException.class)).hasMessageContaining(limit).hasMessageContaining("maxInputChars");
        assertThat(catchThrowableOfType(() -> CODEC.readDomain("<domain>" + padding + "</domain>"),
                XmlParseException.class)).hasMessageContaining(limit).hasMessageContaining("maxInputChars");
    }
}
