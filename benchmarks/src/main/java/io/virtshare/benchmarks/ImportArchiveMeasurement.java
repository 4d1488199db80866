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
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** Import of a tarball into a datastore ({@code Images.register}) vs GNU tar extracting it. */
final class ImportArchiveMeasurement implements Measurement {
    enum Shape {
        LARGE_TAR, MANY_TAR, MANY_TGZ, LARGE_TZST, MANY_TZST;

        boolean many() {
            return this == MANY_TAR || this == MANY_TGZ || this == MANY_TZST;
        }
    }

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
            case LARGE_TZST -> "import-tzst";
            case MANY_TZST -> "import-many-tzst";
        };
    }

    @Override
    public String description() {
        return switch (shape) {
            case LARGE_TAR -> "import of a .tar of --size-mb in 4 files: Images.register vs tar -xf && sync -f";
            case MANY_TAR -> "import of a .tar of 20,000 files of 2 KiB: Images.register vs tar -xf && sync -f";
            case MANY_TGZ -> "import of a .tar.gz of 20,000 files of 2 KiB: Images.register vs tar -xzf && sync -f";
            case LARGE_TZST -> "import of a .tar.zst of --size-mb in 4 files: Images.register vs tar --zstd -xf && sync -f";
            case MANY_TZST -> "import of a .tar.zst of 20,000 files of 2 KiB: Images.register vs tar --zstd -xf && sync -f";
        };
    }

    @Override
    public Optional<Double> target() {
        return Optional.of(1.0);
    }

    @Override
    public String tool() {
        return shape == Shape.LARGE_TZST || shape == Shape.MANY_TZST ? "zstd" : "tar";
    }

    private Path archive(Path data) {
        return data.resolve("src").resolve(switch (shape) {
            case MANY_TGZ -> "data.tar.gz";
            case LARGE_TZST, MANY_TZST -> "data.tar.zst";
            default -> "data.tar";
        });
    }

    private OutputStream compressed(OutputStream file) throws IOException {
        return switch (shape) {
            case MANY_TGZ -> new GzipCompressorOutputStream(file);
            case LARGE_TZST, MANY_TZST -> new ZstdCompressorOutputStream(file);
            default -> file;
        };
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long sizeBytes = set.bytes();
        Path tree = data.resolve("tree");
        if (!shape.many()) {
            Files.createDirectories(tree);
            for (int i = 0; i < 4; i++) {
                TestData.file(tree.resolve("part-" + i), sizeBytes / 4, 200 + i);
            }
        } else {
            TestData.tree(tree, set.smallFiles(), 2048, 17);
        }
        DatastoreFixture.sources(data);
        try (OutputStream file = Files.newOutputStream(archive(data));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed(file));
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
    public Optional<UserCommand> userCommand(Runner runner, Path data, Path scratch) {
        return Optional.of(runner.command(List.of("import", "--datastore", data.resolve("ds").toString(),
                archive(data).toString())));
    }

    @Override
    public void cleanUp(Path data) {
        DatastoreFixture.keepOnly(DatastoreFixture.datastore(data), -1);
    }

    @Override
    public List<String> toolCommand(Path data, Path scratch) {
        List<String> flags = switch (shape) {
            case MANY_TGZ -> List.of("-xzf");
            case LARGE_TZST, MANY_TZST -> List.of("--zstd", "-xf");
            default -> List.of("-xf");
        };
        List<String> tar = new java.util.ArrayList<>(List.of("tar"));
        tar.addAll(flags);
        tar.addAll(List.of(archive(data).toString(), "-C", scratch.toString()));
        return Measurement.thenSync(tar, scratch);
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return DatastoreFixture.fingerprint(scratch);
    }
}
