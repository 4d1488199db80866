package io.virtshare.internal.libvirt;

import io.virtshare.storage.UploadOptions;
import io.virtshare.InvalidSpecException;
import io.virtshare.VirtShareException;
import io.virtshare.progress.OperationCancelledException;
import io.virtshare.progress.Progress;
import io.virtshare.progress.ProgressListener;
import io.virtshare.progress.Cancellation;
import io.virtshare.storage.FormatType;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;

/** Moves a volume's bytes through a libvirt stream, with progress and cancellation. */
final class VolumeStreams {
    /** libvirt's stream packets carry at most 256 KiB. */
    static final int CHUNK = 256 * 1024;
    /** Progress is reported at most once per this many bytes (and at the end). */
    static final long REPORT_EVERY = 4L * 1024 * 1024;

    private static final XmlCodec CODEC = XmlCodec.defaults();
    private static final FormatType VHDX = FormatType.of("vhdx");
    /** The formats {@code qemu-img convert -O} writes without more options, of those a volume can have. */
    private static final Set<String> CONVERTIBLE = Set.of("raw", "qcow2", "qcow", "qed", "vmdk", "vpc", "vdi",
            "vhdx");
    /** The tools that merge a differencing disk of each format with its parent into one image. */
    private static final Map<String, String> MERGERS = Map.of(
            "vpc", "Hyper-V's Merge-VHD, or VirtualBox's VBoxManage clonemedium",
            "vdi", "VirtualBox's VBoxManage clonemedium",
            "vhdx", "Hyper-V's Merge-VHD");

    private VolumeStreams() {
    }

    /**
     * Sends {@code source}'s bytes to the start of {@code volume}; returns the number sent.
     * The header that tells the data's format is read from the same open file that is then
     * sent (and so is whatever a vhdx's check reads beyond the header), so what was checked is
     * what arrives.
     *
     * @param formatChange whether data in another format than the volume may be sent
     * @param namedFiles whether data whose header names another file (a backing file, ...) may be sent
     */
    public static long upload(Connect connection, StorageVol volume, String name, Path source,
            ProgressListener listener, Cancellation cancellation, boolean formatChange, boolean namedFiles)
            throws LibvirtException {
        if (!Files.isRegularFile(source)) {
            throw new VirtShareException("cannot upload " + source + " to volume " + name
                    + ": it is not a regular file; give the path of the image to upload");
        }
        long total = size(source);
        cancellation.check("upload of " + source + " to volume " + name);
        Stream stream = null;
        boolean finished = false;
        try (FileChannel file = FileChannel.open(source); InputStream in = Channels.newInputStream(file)) {
            byte[] head = in.readNBytes(ImageFormats.HEAD);
            boolean formatChanges = checkUpload(volume, name, source, total, head, ImageBytes.of(file), formatChange,
                    namedFiles);
            stream = connection.streamNew(0);
            volume.upload(stream, 0, total, 0);
            byte[] chunk = new byte[CHUNK];
            long done = 0;
            long reported = 0;
            int n = head.length;
            System.arraycopy(head, 0, chunk, 0, n);   // the header read above goes first (HEAD <= CHUNK)
            while (n > 0) {
                if (cancellation.isCancelled()) {
                    throw uploadCancelled(source, name, done, total);
                }
                sendAll(stream, chunk, n);
                done += n;
                if (done - reported >= REPORT_EVERY) {
                    reported = done;
                    listener.progress(new Progress("upload", name, done, total, 0, 1));
                }
                n = Math.max(0, in.read(chunk));
            }
            stream.finish();
            finished = true;
            if (formatChanges) {
                // libvirt refreshes the volume after an upload in a thread of its own; until then it reads the
                // new bytes with the old format (a qcow2 header over raw data gives a random capacity)
                refreshPool(volume);
            }
            listener.progress(new Progress("upload", name, done, total, 1, 1));
            return done;
        } catch (IOException e) {
            throw new VirtShareException("cannot read " + source + " to upload it to volume " + name + ": "
                    + e.getMessage() + "; check that the file is readable", e);
        } finally {
            if (finished) {
                freeQuietly(stream);
            } else {
                Handles.abortAndFree(stream);
            }
        }
    }

    /**
     * What an upload checks before it sends anything: the file is no differencing disk whose
     * parent QEMU would not read (no option allows one), it fits the volume, its data (told from
     * {@code head}, its first bytes) is in the volume's format unless {@code formatChange} allows
     * another, and names no file outside the image unless {@code namedFiles} allows it.
     *
     * @param file the whole file, for the one check that reads beyond the head (vhdx metadata)
     * @return whether the volume's format changes with the upload
     */
    static boolean checkUpload(StorageVol volume, String name, Path source, long total, byte[] head,
            ImageBytes file, boolean formatChange, boolean namedFiles) throws LibvirtException, IOException {
        FormatType dataFormat = ImageFormats.detect(head, head.length);
        if (dataFormat.equals(VHDX)) {
            Optional<String> log = VhdxLog.pending(file);
            if (log.isPresent()) {
                throw pendingLog(source, name, log.get());
            }
        }
        Optional<DifferencingDisks.DifferencingDisk> differencing = DifferencingDisks.of(head, head.length, file);
        if (differencing.isPresent()) {
            throw differencing(source, name, differencing.get());
        }
        long capacity = volume.getInfo().capacity;
        if (total > capacity) {
            throw new InvalidSpecException("cannot upload " + source + " (" + total + " bytes) to volume " + name
                    + ", whose capacity is " + capacity + " bytes: libvirt would grow the file beyond the volume;"
                    + " resize the volume first (volume.resize(Size.ofBytes(" + total + ")))");
        }
        FormatType volumeFormat = ImageFormats.of(CODEC.readVolume(volume.getXMLDesc(0)));
        if (!formatChange && !dataFormat.equals(volumeFormat)) {
            throw formatMismatch(source, name, dataFormat, volumeFormat);
        }
        List<ImageFormats.NamedFile> named = ImageFormats.namedFiles(head, head.length);
        if (!namedFiles && !named.isEmpty()) {
            throw namesFiles(source, name, dataFormat, named);
        }
        return !dataFormat.equals(volumeFormat);
    }

    /** Rescans the pool holding {@code volume}, so libvirt probes the volume's bytes for their format now. */
    static void refreshPool(StorageVol volume) throws LibvirtException {
        StoragePool pool = volume.storagePoolLookupByVolume();
        try {
            pool.refresh(0);
        } finally {
            Handles.free(pool);
        }
    }

    /** The refusal of data in {@code data} format for a volume in {@code volume} format, saying both ways out. */
    static InvalidSpecException formatMismatch(Path source, String name, FormatType data, FormatType volume) {
        String convert = CONVERTIBLE.contains(volume.type()) && CONVERTIBLE.contains(data.type())
                ? "convert the file to " + volume + " first (qemu-img convert -f " + data + " -O " + volume + " "
                        + source.getFileName() + " converted." + volume + ")"
                : "give the data in " + volume + " format";
        return new InvalidSpecException("cannot upload " + source + " to volume " + name + ": the volume is " + volume
                + " but the file holds " + data + " data; an upload replaces the volume's bytes and libvirt then"
                + " takes the volume's format from them, so the volume would become " + data + "; " + convert
                + ", or pass UploadOptions.defaults().withFormatChange(true) to let the volume become " + data);
    }

    /**
     * The refusal of data whose {@code format} header names {@code files} outside the image: once
     * uploaded, whoever opens the volume (libvirt, QEMU for a guest) opens those host files too.
     */
    static InvalidSpecException namesFiles(Path source, String name, FormatType format,
            List<ImageFormats.NamedFile> files) {
        String named = String.join(" and the ", files.stream().map(ImageFormats.NamedFile::describe).toList());
        String flatten = CONVERTIBLE.contains(format.type())
                ? "upload a self-contained image instead (qemu-img convert -O " + format + " "
                        + source.getFileName() + " flat." + format + " copies what those files hold into it)"
                : "upload a self-contained image instead";
        return new InvalidSpecException("cannot upload " + source + " to volume " + name + ": its " + format
                + " header names the " + named + ", which libvirt and a guest using the volume would then read from"
                + " the host; " + flatten + ", or pass UploadOptions.defaults().withBackingFile(true) when "
                + (files.size() == 1 ? "that file is" : "those files are") + " meant to back the volume");
    }

    /**
     * The refusal of a differencing disk whose parent QEMU does not read: what it is, what a guest
     * would get, and the way out (merging with the tool that made it; qemu-img reads the file as
     * QEMU does). No option lets it through: {@code withBackingFile(true)} is for files QEMU opens.
     */
    static InvalidSpecException differencing(Path source, String name, DifferencingDisks.DifferencingDisk disk) {
        return new InvalidSpecException("cannot upload " + source + " to volume " + name + ": it is " + disk.describe()
                + ", and " + disk.guestGets() + "; merge it with its parent into a self-contained image with the tool"
                + " that made it (" + MERGERS.get(disk.format().type())
                + ") and upload that: qemu-img convert reads the file as QEMU does, so it cannot bring the parent's"
                + " data in; no upload option lets a differencing disk through, not even"
                + " UploadOptions.withBackingFile(true), which allows files that QEMU does open");
    }

    /**
     * The refusal of a vhdx whose log holds changes not yet in the file: QEMU writes them in when
     * it opens the disk, so the checks cannot see what a guest would get; the way out is to write
     * them in first.
     */
    static InvalidSpecException pendingLog(Path source, String name, String logGuid) {
        return new InvalidSpecException("cannot upload " + source + " to volume " + name + ": it is a vhdx whose log"
                + " holds changes not yet written into the disk (log " + logGuid + "), as a crash or an unclean"
                + " shutdown leaves it; QEMU writes them in when it opens the disk for writing and refuses to open it"
                + " read-only, and what the disk is once they are in (a differencing disk or not) cannot be checked"
                + " from the file as it is; write them in first with qemu-img check -r all " + source.getFileName()
                + " (or by opening the disk once in Hyper-V) and upload it again");
    }

    private static void sendAll(Stream stream, byte[] chunk, int length) throws LibvirtException {
        byte[] rest = length == chunk.length ? chunk : Arrays.copyOf(chunk, length);
        while (rest.length > 0) {
            int sent = stream.send(rest);
            if (sent <= 0) {
                throw new VirtShareException("the libvirt stream accepted no data; the connection may be broken");
            }
            rest = Arrays.copyOfRange(rest, sent, rest.length);
        }
    }

    /**
     * Receives {@code volume}'s bytes into {@code target}, through a temporary file beside it
     * that is moved into place only when complete; returns the number received.
     */
    public static long download(Connect connection, StorageVol volume, String name, Path target,
            ProgressListener listener, Cancellation cancellation) throws LibvirtException {
        cancellation.check("download of volume " + name);
        Path partial = partialBeside(target, name);
        Stream stream = null;
        boolean finished = false;
        try (OutputStream out = Files.newOutputStream(partial)) {
            stream = connection.streamNew(0);
            volume.download(stream, 0, 0, 0);
            byte[] chunk = new byte[CHUNK];
            long done = 0;
            long reported = 0;
            int n;
            while ((n = stream.receive(chunk)) > 0) {
                if (cancellation.isCancelled()) {
                    throw downloadCancelled(name, done);
                }
                out.write(chunk, 0, n);
                done += n;
                if (done - reported >= REPORT_EVERY) {
                    reported = done;
                    listener.progress(new Progress("download", name, done, -1, 0, 1));
                }
            }
            stream.finish();
            finished = true;
            out.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            listener.progress(new Progress("download", name, done, done, 1, 1));
            return done;
        } catch (IOException e) {
            throw new VirtShareException("cannot write " + target + " while downloading volume " + name + ": "
                    + e.getMessage() + "; check the space and permissions there", e);
        } finally {
            if (finished) {
                freeQuietly(stream);
            } else {
                Handles.abortAndFree(stream);
            }
            deleteQuietly(partial);
        }
    }

    /** The cancellation of an upload after {@code done} of {@code total} bytes: the volume holds part of the file. */
    static OperationCancelledException uploadCancelled(Path source, String name, long done, long total) {
        return new OperationCancelledException("upload of " + source + " to volume " + name + " was cancelled after "
                + done + " of " + total + " bytes; the volume holds part of the file: upload again, wipe or delete it");
    }

    /** The cancellation of a download after {@code done} bytes: nothing is kept. */
    static OperationCancelledException downloadCancelled(String name, long done) {
        return new OperationCancelledException("download of volume " + name + " was cancelled after " + done
                + " bytes; nothing was kept");
    }

    /**
     * A new, empty temporary file beside {@code target} (same directory, so it can be moved into
     * place atomically), for downloading volume {@code name}.
     */
    static Path partialBeside(Path target, String name) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new VirtShareException("cannot download volume " + name + " to " + target
                    + ": its directory does not exist; create it first");
        }
        try {
            return Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new VirtShareException("cannot write in " + dir + " to download volume " + name + ": "
                    + e.getMessage() + "; choose a writable directory", e);
        }
    }

    /** Removes a temporary file; failures are ignored (best effort). */
    static void deleteQuietly(Path partial) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // best effort: a temporary file beside the target
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new VirtShareException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void freeQuietly(Stream stream) {
        if (stream != null) {
            try {
                stream.free();
            } catch (LibvirtException e) {
                // the handle is gone either way
            }
        }
    }
}
