package io.virtshare.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.VolumeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every XML file of libvirt's and virt-manager's test corpora, parsed with the typed model
 * and written back, is semantically equal to itself: nothing dropped, nothing invented.
 * Files of kinds the SDK does not model are skipped with the reason.
 */
public class CorpusConformanceTest {
    private static final XmlCodec CODEC = XmlCodec.defaults();

    @TestFactory
    Stream<DynamicTest> everyCorpusFile_roundTripsWithoutLoss() throws IOException {
        Path libvirt = corpus();
        List<Path> files = new ArrayList<>();
        for (Path root : List.of(libvirt, libvirt.resolveSibling("virt-manager"))) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
            }
        }
        assertThat(files).as("XML files under " + libvirt).hasSizeGreaterThan(100);
        Path base = libvirt.getParent();
        return files.stream().map(f -> DynamicTest.dynamicTest(base.relativize(f).toString(), f.toUri(),
                () -> roundTrip(f)));
    }

    /**
     * The libvirt corpus, in the repository under {@code testdata/corpus/libvirt}: the build
     * passes its path as {@code -Dvirtshare.corpus}; run from a module directory without it,
     * {@code ../testdata/corpus/libvirt}. Missing test data fails the test, never skips it.
     */
    public static Path corpus() {
        String configured = System.getProperty("virtshare.corpus");
        Path path = (configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("..", "testdata", "corpus", "libvirt")).toAbsolutePath().normalize();
        assertThat(path).as("libvirt's XML test corpus (testdata/corpus/libvirt in the repository)").isDirectory();
        return path;
    }

    private static void roundTrip(Path file) throws IOException {
        String input = Files.readString(file);
        XmlKind kind = CODEC.detect(input);
        String output;
        switch (kind) {
            case POOL -> {
                PoolSpec pool = CODEC.readPool(input);
                output = CODEC.writePool(pool);
                assertThat(CODEC.readPool(output)).as("read back").isEqualTo(pool);
            }
            case VOLUME -> {
                VolumeSpec volume = CODEC.readVolume(input);
                output = CODEC.writeVolume(volume);
                assertThat(CODEC.readVolume(output)).as("read back").isEqualTo(volume);
            }
            case DOMAIN -> {
                DomainXml domain = CODEC.readDomain(input);
                output = CODEC.writeDomain(domain);
                assertThat(CODEC.readDomain(output).filesystems()).isEqualTo(domain.filesystems());
                for (FilesystemDevice fs : domain.filesystems()) {
                    assertThat(CODEC.readFilesystem(CODEC.writeFilesystem(fs))).isEqualTo(fs);
                }
                domain.memoryBacking().ifPresent(mb ->
                        assertThat(CODEC.readMemoryBacking(CODEC.writeMemoryBacking(mb))).isEqualTo(mb));
            }
            case POOL_CAPABILITIES -> {
                // not a codec document: sdk-libvirt reads these (CorpusPoolCapabilitiesTest there)
                assertThat(catchThrowable(() -> CODEC.roundTrip(input))).as("the codec refuses " + file)
                        .isInstanceOf(XmlParseException.class).hasMessageContaining("storagepoolCapabilities");
                return;
            }
            default -> throw new AssertionError(file + " is a " + kind + " document, which the corpus test does"
                    + " not know: model it or say where it is checked");
        }
        Optional<String> difference = SemanticXml.difference(input, output);
        assertThat(difference).as("difference between %s and what the codec wrote:%n%s", file, output).isEmpty();
    }
}
