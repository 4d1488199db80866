package io.virtshare.benchmarks;

import io.virtshare.VirtShareException;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.LoopXfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The large clone on a loop-mounted XFS with reflink, where both sides clone by
 * reflink: the target is 1 GiB in under a second (the ratio is printed, not judged: a
 * clone also writes its catalog entries, which cp does not). Needs root, xfsprogs and loop
 * devices; reported as skipped without them.
 */
final class CloneXfsMeasurement implements Measurement {
    private final CloneMeasurement clone = new CloneMeasurement(false);
    private LoopXfs xfs;

    @Override
    public String name() {
        return "clone-xfs";
    }

    @Override
    public String description() {
        return "clone of --size-mb in 4 files on XFS with reflink: Images.clone vs cp -a --reflink=auto";
    }

    @Override
    public Optional<Double> targetMillis() {
        return Optional.of(1000.0);
    }

    @Override
    public String tool() {
        return "cp";
    }

    @Override
    public Path dataDirectory(Path workdir) throws IOException {
        HostTools tools = HostTools.detect();
        if (!tools.available(HostTool.MKFS_XFS) || !tools.available(HostTool.LOOP_DEVICE)) {
            throw new IOException("an XFS loop mount needs root, xfsprogs and loop devices: "
                    + tools.status(HostTool.MKFS_XFS).detail() + "; " + tools.status(HostTool.LOOP_DEVICE).detail());
        }
        try {
            xfs = LoopXfs.create(4096);
        } catch (VirtShareException e) {
            throw new IOException(e.getMessage(), e);
        }
        return Files.createDirectories(xfs.mountPoint().resolve(name()).resolve("data"));
    }

    @Override
    public void close() {
        if (xfs != null) {
            xfs.close();
        }
    }

    @Override
    public void prepare(Path data, DataSet set) throws IOException {
        long sizeBytes = set.bytes();
        clone.prepare(data, set);
    }

    @Override
    public String runSdk(Path data, Path scratch) {
        return clone.runSdk(data, scratch);
    }

    @Override
    public void cleanUp(Path data) {
        clone.cleanUp(data);
    }

    @Override
    public java.util.List<String> toolCommand(Path data, Path scratch) {
        return clone.toolCommand(data, scratch);
    }

    @Override
    public String toolFingerprint(String stdout, Path data, Path scratch) throws IOException {
        return clone.toolFingerprint(stdout, data, scratch);
    }
}
