package io.virtshare.benchmarks;

import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VirtiofsOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One setting of the share throughput sweep: a protocol with options, and whether they are
 * the SDK's defaults.
 *
 * @param protocol virtiofs or 9p
 * @param label the setting in words, e.g. {@code msize=512K}
 * @param isDefault whether these are the SDK's default options
 * @param share the share (its tag is unique within the sweep)
 * @param notADefault why this setting may not be a default whatever its speed, when it may not
 */
record ShareSetting(ShareProtocol protocol, String label, boolean isDefault, Share share,
        Optional<String> notADefault) {
    /**
     * Why virtiofs {@code cache=always} cannot be the default: the guest trusts its cache
     * for ever. And why {@code cache=never} cannot be either: virtiofsd then opens files
     * with FUSE direct I/O, for which guest kernels before 6.6 refuse {@code MAP_SHARED}
     * mappings (ENODEV from {@code fuse_file_mmap}) — model loaders such as llama.cpp and
     * safetensors map files shared — and the guest keeps no page cache, so every read goes
     * to the host again.
     */
    static final String INCOHERENT = "incoherent when the host or another VM writes the tree";

    /** Why {@code cache=never} cannot be the default (see above). */
    static final String DIRECT_IO = "direct I/O: no shared mmap on guest kernels before 6.6 (ENODEV), no guest page"
            + " cache";

    /**
     * The sweep, all on one source directory: 9p msize 128K/256K/512K/1M; virtiofs cache
     * auto with the daemon's thread pool (64 for the C daemon) and pools of 0 and 16, and
     * cache always and never with the default pool.
     */
    static List<ShareSetting> sweep(Path source) {
        NinePOptions ninep = NinePOptions.defaults();
        VirtiofsOptions fs = VirtiofsOptions.defaults();
        return List.of(
                ninep("msize=128K", ninep.withMsize(128 << 10), source),
                ninep("msize=256K", ninep.withMsize(256 << 10), source),
                ninep("msize=512K", ninep.withMsize(512 << 10), source),
                ninep("msize=1M", ninep.withMsize(1 << 20), source),
                virtiofs("fs-auto", "cache=auto pool=daemon's", daemonPool(fs.withCache("auto")), source),
                virtiofs("fs-pool0", "cache=auto pool=0", fs.withCache("auto").withThreadPoolSize(0), source),
                virtiofs("fs-pool16", "cache=auto pool=16", fs.withCache("auto").withThreadPoolSize(16), source),
                virtiofs("fs-always", "cache=always" + pool(fs), fs.withCache("always"), source),
                virtiofs("fs-never", "cache=never" + pool(fs), fs.withCache("never"), source));
    }

    private static String pool(VirtiofsOptions o) {
        return o.threadPoolSize().map(n -> " pool=" + n).orElse(" pool=daemon's");
    }

    private static VirtiofsOptions daemonPool(VirtiofsOptions o) {
        return new VirtiofsOptions(o.cache(), o.queueSize(), Optional.empty(), o.xattr(), o.socket(), o.posixLock(),
                o.flock());
    }

    private static ShareSetting ninep(String label, NinePOptions options, Path source) {
        String tag = "9p-" + (options.msize() >> 10) + "k";
        return new ShareSetting(ShareProtocol.NINE_P, label, options.equals(NinePOptions.defaults()),
                Share.ninep(tag, source, Path.of("/mnt/" + tag)).options(options).build(), Optional.empty());
    }

    private static ShareSetting virtiofs(String tag, String label, VirtiofsOptions options, Path source) {
        return new ShareSetting(ShareProtocol.VIRTIOFS, label, options.equals(VirtiofsOptions.defaults()),
                Share.virtiofs(tag, source, Path.of("/mnt/" + tag)).options(options).build(),
                switch (options.cache()) {
                    case "never" -> Optional.of(DIRECT_IO);
                    case "always" -> Optional.of(INCOHERENT);
                    default -> Optional.<String>empty();
                });
    }
}
