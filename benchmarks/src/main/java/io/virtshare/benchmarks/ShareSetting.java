package io.virtshare.benchmarks;

import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.ShareProtocol;
import io.virtshare.share.VirtiofsOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * One setting of the share throughput sweep: a protocol with options, and whether they are
 * the SDK's defaults.
 *
 * @param protocol virtiofs or 9p
 * @param label the setting in words, e.g. {@code msize=512K}
 * @param isDefault whether these are the SDK's default options
 * @param share the share (its tag is unique within the sweep)
 */
record ShareSetting(ShareProtocol protocol, String label, boolean isDefault, Share share) {

    /** The sweep: 9p msize 128K/512K/1M; virtiofs cache auto/always/never and thread pools 0/16. */
    static List<ShareSetting> sweep(Path source) {
        NinePOptions ninep = NinePOptions.defaults();
        VirtiofsOptions fs = VirtiofsOptions.defaults();
        return List.of(
                ninep("9p-128k", "msize=128K", ninep.withMsize(128 << 10), source),
                ninep("9p-512k", "msize=512K", ninep, source),
                ninep("9p-1m", "msize=1M", ninep.withMsize(1 << 20), source),
                virtiofs("fs-auto", "cache=auto", fs, source),
                virtiofs("fs-always", "cache=always", fs.withCache("always"), source),
                virtiofs("fs-never", "cache=never", fs.withCache("never"), source),
                virtiofs("fs-pool0", "cache=auto pool=0", fs.withThreadPoolSize(0), source),
                virtiofs("fs-pool16", "cache=auto pool=16", fs.withThreadPoolSize(16), source));
    }

    private static ShareSetting ninep(String tag, String label, NinePOptions options, Path source) {
        return new ShareSetting(ShareProtocol.NINE_P, label, options.equals(NinePOptions.defaults()),
                Share.ninep(tag, source, Path.of("/mnt/" + tag)).options(options).build());
    }

    private static ShareSetting virtiofs(String tag, String label, VirtiofsOptions options, Path source) {
        return new ShareSetting(ShareProtocol.VIRTIOFS, label, options.equals(VirtiofsOptions.defaults()),
                Share.virtiofs(tag, source, Path.of("/mnt/" + tag)).options(options).build());
    }
}
