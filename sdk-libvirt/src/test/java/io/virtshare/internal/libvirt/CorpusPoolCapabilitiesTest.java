package io.virtshare.internal.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.storage.PoolCapabilities;
import io.virtshare.storage.PoolTypeCapability;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * libvirt's own pool capability documents read by {@link StorageCapabilities}: every
 * {@code <pool>} with its support flag, default formats and format lists, compared with a
 * plain DOM reading of the same file.
 */
class CorpusPoolCapabilitiesTest {

    @TestFactory
    Stream<DynamicTest> everyCorpusPoolCapabilitiesFile_isReadCompletely() throws IOException {
        Path corpus = Path.of(System.getProperty("virtshare.corpus", "../testdata/corpus/libvirt"));
        assertThat(corpus).as("libvirt's XML test corpus (testdata/corpus/libvirt in the repository)").isDirectory();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(corpus)) {
            walk.filter(p -> p.getFileName().toString().startsWith("poolcaps")
                    && p.toString().endsWith(".xml")).sorted().forEach(files::add);
        }
        assertThat(files).as("pool capability files under " + corpus).hasSizeGreaterThanOrEqualTo(2);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws Exception {
        String xml = Files.readString(file);
        PoolCapabilities caps = StorageCapabilities.parse(xml);

        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList pools = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
                .getDocumentElement().getElementsByTagName("pool");
        assertThat(caps.pools()).hasSize(pools.getLength());
        for (int i = 0; i < pools.getLength(); i++) {
            Element pool = (Element) pools.item(i);
            PoolTypeCapability read = caps.pools().get(i);
            assertThat(read.typeName()).isEqualTo(pool.getAttribute("type"));
            assertThat(read.supported()).as(read.typeName()).isEqualTo("yes".equals(pool.getAttribute("supported")));
            assertThat(read.volumeFormats()).as(read.typeName() + " volume formats")
                    .containsExactlyElementsOf(values(pool, "volOptions", "targetFormatType"));
            assertThat(read.sourceFormats()).as(read.typeName() + " source formats")
                    .containsExactlyElementsOf(values(pool, "poolOptions", "sourceFormatType"));
            assertThat(read.defaultVolumeFormat().orElse("")).isEqualTo(defaultFormat(pool, "volOptions"));
            assertThat(read.defaultSourceFormat().orElse("")).isEqualTo(defaultFormat(pool, "poolOptions"));
        }
    }

    private static List<String> values(Element pool, String options, String enumName) {
        List<String> values = new ArrayList<>();
        NodeList enums = pool.getElementsByTagName("enum");
        for (int i = 0; i < enums.getLength(); i++) {
            Element e = (Element) enums.item(i);
            if (e.getAttribute("name").equals(enumName) && ((Element) e.getParentNode()).getTagName().equals(options)) {
                NodeList v = e.getElementsByTagName("value");
                for (int j = 0; j < v.getLength(); j++) {
                    values.add(v.item(j).getTextContent().strip());
                }
            }
        }
        return values;
    }

    private static String defaultFormat(Element pool, String options) {
        NodeList defaults = pool.getElementsByTagName("defaultFormat");
        for (int i = 0; i < defaults.getLength(); i++) {
            Element d = (Element) defaults.item(i);
            if (((Element) d.getParentNode()).getTagName().equals(options)) {
                return d.getAttribute("type");
            }
        }
        return "";
    }
}
