package io.virtshare.internal.share;

import io.virtshare.internal.shared.CommandResult;
import io.virtshare.internal.shared.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether a virtiofs source on ZFS has the properties virtiofs needs ({@code xattr=sa},
 * {@code acltype=posixacl}): the source's mount is found in {@code /proc/self/mountinfo};
 * for {@code zfs} mounts the dataset's properties are read with
 * {@code zfs get -H -o value xattr,acltype DATASET}. Both come in as functions so the
 * decision is tested without ZFS.
 */
public final class ZfsCheck {
    private static final Duration ZFS_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<String> mountinfo;
    private final Function<String, CommandResult> properties;

    /**
     * @param mountinfo the text of {@code /proc/self/mountinfo}
     * @param properties runs {@code zfs get} for a dataset
     */
    public ZfsCheck(Supplier<String> mountinfo, Function<String, CommandResult> properties) {
        this.mountinfo = mountinfo;
        this.properties = properties;
    }

    /** The check on this host: the real mountinfo and {@code zfs} command. */
    public static ZfsCheck onThisHost() {
        return new ZfsCheck(() -> {
            try {
                return Files.readString(Path.of("/proc/self/mountinfo"));
            } catch (IOException e) {
                return "";
            }
        }, dataset -> CommandRunner.run(ZFS_TIMEOUT,
                List.of("zfs", "get", "-H", "-o", "value", "xattr,acltype", dataset)));
    }

    /**
     * What is wrong with {@code realSource} (a resolved, existing path), when it is on ZFS
     * without the needed properties.
     */
    public Optional<String> problem(Path realSource) {
        Optional<Mountinfo.Entry> mount = Mountinfo.parse(mountinfo.get()).mountOf(realSource);
        if (mount.isEmpty() || !mount.get().fsType().equals("zfs")) {
            return Optional.empty();
        }
        String dataset = mount.get().source();
        CommandResult result = properties.apply(dataset);
        if (!result.succeeded()) {
            return Optional.of("is on ZFS dataset " + dataset + " whose properties could not be read ("
                    + result.describe() + "); virtiofs needs xattr=sa and acltype=posixacl: check with zfs get"
                    + " xattr,acltype " + dataset);
        }
        List<String> values = result.stdout().strip().lines().map(String::strip).toList();
        String xattr = values.size() > 0 ? values.get(0) : "?";
        String acltype = values.size() > 1 ? values.get(1) : "?";
        boolean xattrOk = xattr.equals("sa");
        boolean aclOk = acltype.equals("posixacl") || acltype.equals("posix");
        if (xattrOk && aclOk) {
            return Optional.empty();
        }
        return Optional.of("is on ZFS dataset " + dataset + " with xattr=" + xattr + " acltype=" + acltype
                + "; virtiofs needs xattr=sa and acltype=posixacl: zfs set xattr=sa acltype=posixacl " + dataset);
    }
}
