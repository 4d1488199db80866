package io.virtshare.examples.runner;

import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShareException;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.xml.XmlCodec;
import io.virtshare.xml.XmlKind;
import io.virtshare.xml.XmlParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads the pool and volume XML files a user hands the runner and checks them as libvirt
 * would, before anything reaches libvirt. Every error names the file, and the line and
 * column where the XML is broken.
 */
final class StorageFiles {
    /** Files larger than the codec reads are refused before they are read. */
    private static final long MAX_BYTES = XmlCodec.defaults().maxInputChars();

    private final XmlCodec codec;

    StorageFiles(XmlCodec codec) {
        this.codec = codec;
    }

    /** The pool in {@code file}, checked to be definable on a live host. */
    PoolSpec pool(Path file) {
        PoolSpec pool = read(file, xml -> codec.readPool(kind(file, xml, XmlKind.POOL,
                "give the pool's XML with --xml and a volume's with --volume")),
                "a pool (e.g. virsh pool-dumpxml NAME > pool.xml)");
        problems(file, pool.problems());   // an unknown type is one of them, with the types there are
        return pool;
    }

    /** The volume in {@code file}, checked to be creatable in a pool of {@code poolType}. */
    VolumeSpec volume(Path file, PoolType poolType) {
        VolumeSpec volume = read(file, xml -> codec.readVolume(kind(file, xml, XmlKind.VOLUME,
                "give a volume's XML with --volume and the pool's with --xml")),
                "a volume (e.g. virsh vol-dumpxml NAME --pool POOL)");
        problems(file, volume.problemsFor(poolType));
        return volume;
    }

    private String kind(Path file, String xml, XmlKind wanted, String hint) {
        XmlKind kind = codec.detect(xml);
        if (kind != wanted) {
            String name = wanted.name().toLowerCase(Locale.ROOT);
            throw new VirtShareException(file + " holds " + (kind == XmlKind.OTHER ? "no libvirt " + name
                    : "a " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')) + ", not a <" + name + ">: " + hint);
        }
        return xml;
    }

    private static void problems(Path file, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new VirtShareException(file + ": " + String.join("; ", problems));
        }
    }

    /**
     * Reads {@code file} with {@code reader}; a missing file, unreadable text or broken XML
     * becomes one line naming the file (and line:column), {@code what} saying what it should hold.
     */
    static <T> T read(Path file, Function<String, T> reader, String what) {
        if (!Files.isRegularFile(file)) {
            throw new VirtShareException(file + " is not a file; give the path of the libvirt XML of " + what);
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new VirtShareException(file + " is " + size + " bytes; libvirt XML of " + what + " is far"
                        + " smaller (at most " + MAX_BYTES + " bytes here): is it the right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VirtShareException("cannot read " + file + ": " + e.getMessage()
                    + "; it must be readable UTF-8 XML", e);
        }
        try {
            return reader.apply(XmlCodec.defaults().decode(bytes));
        } catch (XmlParseException e) {
            String at = e.line() > 0 ? ":" + e.line() + ":" + e.column() : "";
            String said = e.getMessage().replaceFirst("^line \\d+, column \\d+: ", "")
                    .replaceFirst(" at line \\d+, column \\d+", "");
            throw new VirtShareException(file + at + ": " + said, e);
        } catch (InvalidSpecException e) {
            throw new VirtShareException(file + ": " + e.getMessage(), e);
        }
    }
}
