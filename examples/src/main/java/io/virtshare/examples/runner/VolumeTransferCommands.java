package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.VirtShare;
import io.virtshare.storage.DownloadOptions;
import io.virtshare.storage.UploadOptions;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code volume upload} and {@code volume download}: a file's bytes into a volume of a libvirt
 * pool, or a volume's bytes into a file, through a libvirt stream (so on remote hosts too);
 * {@code --sparse} sends holes as holes, so time and space follow the data. Prints the bytes
 * moved, the time taken and the volume's allocation afterwards.
 *
 * <pre>
 * java -jar virtshare-examples.jar volume upload --uri qemu:///system --pool images --volume disk.raw --sparse disk.raw
 * java -jar virtshare-examples.jar volume download --uri qemu:///system --pool images --volume disk.raw --sparse back.raw
 * </pre>
 */
final class VolumeTransferCommands {
    private static final Set<String> VALUED = Set.of("uri", "pool", "volume");

    private VolumeTransferCommands() {
    }

    static List<Command> all() {
        return List.of(new Transfer(true), new Transfer(false));
    }

    /** {@code volume upload} or {@code volume download}. */
    static final class Transfer implements Command {
        private final boolean upload;

        Transfer(boolean upload) {
            this.upload = upload;
        }

        @Override
        public String name() {
            return upload ? "volume upload" : "volume download";
        }

        @Override
        public String synopsis() {
            return name() + " --uri URI --pool NAME --volume NAME [--sparse]" + (upload ? " [--format-change] FILE"
                    : " FILE");
        }

        @Override
        public Output run(List<String> words, Console console) {
            Args args = Args.parse(words, VALUED, upload ? Set.of("sparse", "format-change") : Set.of("sparse"));
            String uri = VmCommands.required(args, "uri", "the libvirt host, e.g. qemu:///system");
            String poolName = VmCommands.required(args, "pool", "the pool holding the volume");
            String volumeName = VmCommands.required(args, "volume", "the volume to " + (upload ? "write" : "read"));
            if (args.operands().size() != 1) {
                throw new UsageException("give one FILE: the file to " + (upload ? "upload" : "download into"));
            }
            Path file = console.path(args.operands().get(0));
            boolean sparse = args.flag("sparse");
            try (VirtShare vs = VirtShare.builder().home(Path.of(System.getProperty("java.io.tmpdir")))
                    .backend("libvirt").uri(uri).build()) {
                Volume volume = vs.pools().get(poolName).volumes().get(volumeName);
                long start = System.nanoTime();
                long bytes = upload
                        ? volume.upload(file, UploadOptions.defaults().withSparse(sparse)
                                .withFormatChange(args.flag("format-change")))
                        : volume.download(file, DownloadOptions.defaults().withSparse(sparse));
                double seconds = (System.nanoTime() - start) / 1e9;
                VolumeInfo info = volume.info();
                console.say((upload ? "uploaded " : "downloaded ") + bytes + " bytes" + (sparse ? " sparse" : "")
                        + (upload ? " from " + file + " to volume " : " of volume ") + volumeName
                        + (upload ? "" : " to " + file) + String.format(" in %.3f s", seconds));
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.put("uri", uri);
                result.put("pool", poolName);
                result.put("volume", volumeName);
                result.put("file", file.toString());
                result.put("sparse", sparse);
                result.put("bytes", bytes);
                result.put("seconds", seconds);
                result.put("volumeCapacity", info.capacity().bytes());
                result.put("volumeAllocation", info.allocation().bytes());
                return new Output.Tree(result);
            }
        }
    }
}
