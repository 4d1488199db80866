package io.virtshare.benchmarks;

import io.virtshare.datastore.Image;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Import of a tarball into a datastore ({@code Images.register}) vs GNU tar extracting it. */
final class ImportArchiveMeasurement implements Measurement {
    enum Shape { LARGE_TAR, MANY_TAR, MANY_TGZ }

    private final Shape shape;

    ImportArchiveMeasurement(Shape shape) {
        this.shape = shape;
    }

    @Override
    public String name() {
        return switch (shape) {
            case LARGE_TAR -> "import-tar";
            case MANY_TAR -> "import-many-tar";
            case MANY_TGZ -> "import-many-tgz";
        };
    }

    @Override
    public String description() {
        return switch (shape) {
            case LARGE_TAR -> "import of a .tar of --size-mb in 4 files: Images.register vs tar -xf && sync";
            case MANY_TAR -> "import of a .tar of 20,000 files of 2 KiB: Images.register vs tar -xf && sync";
            case MANY_TGZ -> "import of a .tar.gz of 20,000 files of 2 KiB: Images.register vs tar -xzf && sync";
        };
    }

    @Override
    public Optional<Double> target() {
        return Optional.of(1.0);
    }

    @Override
    public String tool() {
        return "tar";
    }

    private Path archive(Path data) {
        return data.resolve("src").resolve(shape == Shape.MANY_TGZ ? "data.tar.gz" : "data.tar");
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long sizeBytes = set.bytes();
        Path tree = data.resolve("tree");
        if (shape == Shape.LARGE_TAR) {
            Files.createDirectories(tree);
            for (int i = 0; i < 4; i++) {
                TestData.file(tree.resolve("part-" + i), sizeBytes / 4, 200 + i);
            }
        } else {
            TestData.tree(tree, set.smallFiles(), 2048, 17);
        }
        DatastoreFixture.sources(data);
        try (OutputStream file = Files.newOutputStream(archive(data));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(shape == Shape.MANY_TGZ
                        ? new GzipCompressorOutputStream(file) : file);
                Stream<Path> files = Files.walk(tree)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path f : files.sorted().filter(p -> !p.equals(tree)).toList()) {
                tar.putArchiveEntry(new TarArchiveEntry(f, tree.relativize(f).toString()));
                if (Files.isRegularFile(f)) {
                    Files.copy(f, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        DatastoreFixture.datastore(data);
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        Image image = DatastoreFixture.datastore(data).images().register(archive(data).toString());
        return DatastoreFixture.fingerprint(image);
    }

    @Override
    public void cleanUp(Path data) {
        DatastoreFixture.keepOnly(DatastoreFixture.datastore(data), -1);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        return Measurement.thenSync(List.of("tar", shape == Shape.MANY_TGZ ? "-xzf" : "-xf",
                archive(data).toString(), "-C", scratch.toString()));
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return DatastoreFixture.fingerprint(scratch);
    }
}
