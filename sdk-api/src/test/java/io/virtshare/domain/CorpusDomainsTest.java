package io.virtshare.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.xml.Dom;
import io.virtshare.internal.xml.SafeXml;
import io.virtshare.xml.SemanticXml;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;

/**
 * libvirt's own domains with filesystems (corpus under testdata/corpus/libvirt): every
 * {@code <filesystem>} survives read and write unchanged, and every domain survives
 * parse and write, and attach then detach, with nothing dropped or invented.
 */
class CorpusDomainsTest {
    static Path corpus() {
        return io.virtshare.xml.CorpusConformanceTest.corpus();
    }

    static List<Path> domainFiles() throws IOException {
        try (Stream<Path> files = Files.walk(corpus().resolve("tests"))) {
            return files.filter(p -> p.getParent().getFileName().toString().startsWith("qemuxml"))
                    .filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusDomain_roundTrips() throws IOException {
        List<Path> files = domainFiles();
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String xml = Files.readString(file);
            DomainXml domain = DomainXml.parse(xml);
            assertThat(SemanticXml.difference(xml, domain.toXml())).as("domain as written").isEmpty();
            Element root = SafeXml.parse(xml, "domain", "corpus").getDocumentElement();
            List<Element> originals = Dom.child(root, "devices").map(d -> Dom.children(d).stream()
                    .filter(e -> e.getTagName().equals("filesystem")).toList()).orElse(List.of());
            assertThat(domain.filesystems()).hasSameSizeAs(originals);
            for (int i = 0; i < originals.size(); i++) {
                String original = SafeXml.write(originals.get(i));
                FilesystemDevice fs = domain.filesystems().get(i);
                assertThat(SemanticXml.difference(original, XmlCodec.defaults().writeFilesystem(fs))).as("filesystem %d", i).isEmpty();
                assertThat(XmlCodec.defaults().readFilesystem(XmlCodec.defaults().writeFilesystem(fs))).isEqualTo(fs);
            }
            DomainXml roundTrip = domain.attach(FilesystemDevice.virtiofs(Path.of("/srv/extra"), "virtshare-extra")
                    .build());
            assertThat(roundTrip.hasSharedMemory()).isTrue();
            String back = roundTrip.detach("virtshare-extra").toXml();
            assertThat(SemanticXml.difference(xml, back))
                    .as("attach then detach keeps everything (memory may become shared)")
                    .satisfiesAnyOf(d -> assertThat(d).isEmpty(),
                            d -> assertThat(d.get()).containsAnyOf("memoryBacking", "/access", "/source"));
        }));
    }
}
