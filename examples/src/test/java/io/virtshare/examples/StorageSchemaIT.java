package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import io.virtshare.storage.PoolSpecArbitraries;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pool and volume output validates against libvirt's RelaxNG schemas: for every corpus
 * pool and volume (libvirt's and virt-manager's) that {@code virt-xml-validate} accepts,
 * what virtshare writes is accepted too; and random valid pools of every type (jqwik
 * samples), written by the codec, are accepted.
 */
@RequiresHost(HostTool.VIRT_XML_VALIDATE)
class StorageSchemaIT {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    @TempDir
    Path tmp;

    static CommandResult validate(Path file) {
        return CommandRunner.run(Duration.ofSeconds(30), List.of("virt-xml-validate", file.toString()));
    }

    @TestFactory
    Stream<DynamicTest> corpusPoolsAndVolumes_stayValid() throws IOException {
        Path libvirt = Path.of(System.getProperty("virtshare.corpus", "../testdata/corpus/libvirt"));
        assertThat(libvirt).as("libvirt's XML test corpus (testdata/corpus/libvirt in the repository)").isDirectory();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(libvirt, libvirt.resolveSibling("virt-manager"))) {
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
            }
        }
        List<Path> storage = new ArrayList<>();
        for (Path file : files) {
            XmlKind kind = CODEC.detect(Files.readString(file));
            if (kind == XmlKind.POOL || kind == XmlKind.VOLUME) {
                storage.add(file);
            }
        }
        assertThat(storage).as("pool and volume files under " + libvirt).hasSizeGreaterThan(100);
        return storage.stream().map(file -> DynamicTest.dynamicTest(libvirt.getParent().relativize(file).toString(),
                () -> {
                    if (!validate(file).succeeded()) {
                        return; // libvirt's schema refuses this input itself: nothing to hold the output to
                    }
                    Path written = Files.writeString(tmp.resolve(file.getFileName()),
                            CODEC.roundTrip(Files.readString(file)));
                    CommandResult result = validate(written);
                    assertThat(result.succeeded()).as("%s as written:%n%s", file, result.output()).isTrue();
                }));
    }

    @TestFactory
    Stream<DynamicTest> randomValidPools_areSchemaValid() {
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_")
                .ofMinLength(1).ofMaxLength(12);
        return PoolSpecArbitraries.pools(words).sampleStream().limit(150).map(pool -> DynamicTest.dynamicTest(
                pool.type() + " " + pool.name(), () -> {
                    Path file = Files.writeString(Files.createTempFile(tmp, "pool", ".xml"), CODEC.writePool(pool));
                    CommandResult result = validate(file);
                    assertThat(result.succeeded()).as("%s%n%s", Files.readString(file), result.output()).isTrue();
                }));
    }
}
