package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.BackendException;
import io.virtshare.BackendFailure;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.Pool;
import io.virtshare.storage.Size;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeInfo;
import io.virtshare.storage.VolumeResize;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.storage.VolumeWipe;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;

/** One volume of an xml-files pool: its definition only; data operations need a real target. */
final class XmlFilesVolume implements Volume {
    private static final String DATA_ALTERNATIVE = "use the libvirt backend (io.virtshare:sdk-libvirt,"
            + " VirtShare.builder().backend(\"libvirt\").uri(\"qemu:///system\")), which holds the volume's data";

    private final XmlFilesBackend backend;
    private final XmlFilesPool pool;
    private final String name;

    XmlFilesVolume(XmlFilesBackend backend, XmlFilesPool pool, String name) {
        this.backend = backend;
        this.pool = pool;
        this.name = name;
    }

    @Override
    public Pool pool() {
        return pool;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String key() {
        return spec().key().orElseGet(() -> path().toString());
    }

    @Override
    public Path path() {
        return spec().target().flatMap(VolumeTarget::path).map(Path::of)
                .orElseGet(() -> backend.directory("read volume").volumeFile(pool.name(), name));
    }

    @Override
    public VolumeInfo info() {
        VolumeSpec spec = spec();
        Size none = Size.ofBytes(0);
        return new VolumeInfo(name, key(), path().toString(), spec.type().orElse("file"), spec.capacity().orElse(none),
                spec.allocation().orElse(none));
    }

    @Override
    public VolumeSpec spec() {
        return backend.codec().readVolume(xml());
    }

    @Override
    public String xml() {
        XmlFilesDirectory directory = backend.directory("read volume");
        return directory.read(file(directory), "read volume", name).orElseThrow(() -> gone("read volume"));
    }

    @Override
    public void delete() {
        XmlFilesDirectory directory = backend.directory("delete volume");
        if (!directory.delete(file(directory), "delete volume", name)) {
            throw gone("delete volume");
        }
    }

    @Override
    public Volume wipe(VolumeWipe... options) {
        xml();
        throw backend.directory("wipe volume").notSupported("wipe volume", name, "wipe a volume's data",
                DATA_ALTERNATIVE);
    }

    /**
     * Changes the capacity in the volume's definition. As libvirt does, a smaller capacity
     * needs {@link VolumeResize#SHRINK}.
     */
    @Override
    public Volume resize(Size size, VolumeResize... options) {
        String operation = "resize volume";
        List<VolumeResize> flags = List.of(options);
        VolumeSpec spec = spec();
        BigInteger current = spec.capacity().map(Size::exactBytes).orElse(BigInteger.ZERO);
        BigInteger change = flags.contains(VolumeResize.SHRINK) ? size.exactBytes().negate() : size.exactBytes();
        BigInteger wanted = flags.contains(VolumeResize.DELTA) ? current.add(change) : size.exactBytes();
        XmlFilesDirectory directory = backend.directory(operation);
        if (wanted.compareTo(current) < 0 && !flags.contains(VolumeResize.SHRINK)) {
            throw directory.refused(BackendFailure.INVALID_REQUEST, operation, name, "volume '" + name
                    + "' would shrink from " + current + " to " + wanted + " bytes",
                    "pass VolumeResize.SHRINK to allow it (data beyond the new end is lost)");
        }
        if (wanted.signum() < 0) {
            throw directory.refused(BackendFailure.INVALID_REQUEST, operation, name, "volume '" + name + "' has "
                    + current + " bytes, fewer than the " + size.exactBytes() + " to take away", "give a smaller size");
        }
        VolumeSpec resized = spec.toBuilder().capacity(Size.of(wanted, "bytes")).build();
        directory.replace(file(directory), backend.codec().writeVolume(resized), operation, name);
        return this;
    }

    @Override
    public long upload(Path source, UploadOptions options) {
        xml();
        throw backend.directory("upload volume").notSupported("upload volume", name, "write data into a volume",
                DATA_ALTERNATIVE);
    }

    @Override
    public long download(Path target, DownloadOptions options) {
        xml();
        throw backend.directory("download volume").notSupported("download volume", name,
                "read a volume's data", DATA_ALTERNATIVE);
    }

    private Path file(XmlFilesDirectory directory) {
        return directory.volumeFile(pool.name(), name);
    }

    private BackendException gone(String operation) {
        return backend.directory(operation).notFound(operation, "volume in pool '" + pool.name() + "'", name,
                "it was deleted meanwhile; create it again with pool.volumes().create(spec)");
    }

    @Override
    public String toString() {
        return "volume " + pool.name() + "/" + name + " (" + XmlFilesBackendProvider.NAME + ")";
    }
}
