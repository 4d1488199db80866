package io.virtshare.examples.runner;

import io.virtshare.VirtShareException;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pool-lifecycle --uri URI --xml POOL.xml [--volume VOL.xml]}: takes a pool (and a
 * volume) through its whole life on a libvirt host — define, build, start, then create the
 * volume, clone it, list, delete both; stop, delete what the build made, undefine — and
 * prints one JSON entry per step and the pool's final XML. The files are read and checked
 * before anything reaches libvirt; a failed step is undone so the command can be run again.
 *
 * <pre>
 * java -jar virtshare-examples.jar pool-lifecycle --uri qemu:///system --xml pool.xml --volume vol.xml
 * </pre>
 */
final class PoolLifecycleCommand implements Command {
    private final PoolLifecycle.StepHook hook;

    PoolLifecycleCommand() {
        this(PoolLifecycle.StepHook.NONE);
    }

    /** With a hook called before each step, e.g. one that makes a step fail. */
    PoolLifecycleCommand(PoolLifecycle.StepHook hook) {
        this.hook = hook;
    }

    @Override
    public String name() {
        return "pool-lifecycle";
    }

    @Override
    public String synopsis() {
        return "pool-lifecycle --uri URI --xml POOL.xml [--volume VOL.xml]";
    }

    @Override
    public Output run(List<String> words, Console console) {
        Args args = Args.parse(words, Set.of("uri", "xml", "volume"), Set.of()).noOperands();
        String uri = args.option("uri").filter(u -> !u.isBlank()).orElseThrow(() -> new UsageException(
                "--uri URI is required: the libvirt host, e.g. qemu:///system or test:///default"));
        Path poolFile = console.path(args.option("xml").orElseThrow(() -> new UsageException(
                "--xml POOL.xml is required: the libvirt XML of the pool to take through its lifecycle")));
        StorageFiles files = new StorageFiles(XmlCodec.defaults());
        PoolSpec pool = files.pool(poolFile);
        if (pool.name().filter(n -> !n.isBlank()).isEmpty()) {
            throw new VirtShareException(poolFile + ": the pool has no <name>; add one, e.g. <name>images</name>");
        }
        Optional<VolumeSpec> volume = args.option("volume").map(v -> files.volume(console.path(v), pool.type()));
        return new Output.Tree(new PoolLifecycle(uri, pool, volume, console, hook).run());
    }
}
