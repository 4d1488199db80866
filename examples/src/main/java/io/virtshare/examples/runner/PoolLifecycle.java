package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.VirtShare;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolBuild;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolTarget;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One run of the {@code pool-lifecycle} command: define, build, start, (create, clone,
 * list and delete a volume), stop, delete what the build made, undefine — each step an
 * entry of the JSON result. When a step fails, what the run made is undone in reverse
 * (volumes deleted, pool stopped, its new storage deleted, its definition removed), so that
 * the same command can simply be run again.
 */
final class PoolLifecycle {
    /**
     * Called before each step; tests use it to make a step fail. Each step registers how to
     * undo it right after libvirt did it, so a step that fails later (reading facts) is undone too.
     */
    interface StepHook {
        StepHook NONE = step -> { };

        void before(String step);

        /** Called when the step has done its work and gathered its facts, before it counts as done. */
        default void after(String step) {
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String uri;
    private final PoolSpec spec;
    private final Optional<VolumeSpec> volume;
    private final Console console;
    private final StepHook hook;
    private final ObjectNode result = JSON.objectNode();
    private final ArrayNode steps;
    private final Map<String, Runnable> undo = new LinkedHashMap<>();

    PoolLifecycle(String uri, PoolSpec spec, Optional<VolumeSpec> volume, Console console, StepHook hook) {
        this.uri = uri;
        this.spec = spec;
        this.volume = volume;
        this.console = console;
        this.hook = hook;
        result.put("uri", uri);
        result.put("pool", name());
        result.put("type", spec.typeName());
        volume.ifPresent(v -> result.put("volume", v.name()));
        result.put("ok", false);
        steps = result.putArray("steps");
    }

    private String name() {
        return spec.name().orElseThrow();
    }

    /**
     * Runs every step.
     *
     * @return the result, {@code ok: true}
     * @throws FailedWithResult when a step failed, with the steps so far and what was undone
     */
    ObjectNode run() {
        VirtShare[] opened = new VirtShare[1];
        try {
            VirtShare host = step("connect", e -> {
                // the libvirt backend keeps nothing in its home directory
                opened[0] = VirtShare.builder().home(Path.of(System.getProperty("java.io.tmpdir")))
                        .backend("libvirt").uri(uri).build();
                e.put("backend", opened[0].backend());
                e.put("libvirt", opened[0].features().version().orElse("unknown"));
                opened[0].hypervisor().ifPresent(h -> e.put("hypervisor", h.name()));
                return opened[0];
            });
            lifecycle(host);
        } catch (StepFailed f) {
            throw failed(f); // undone while the connection is still open
        } finally {
            if (opened[0] != null) {
                opened[0].close();
            }
        }
        result.put("ok", true);
        return result;
    }

    private void lifecycle(VirtShare host) {
        Pool pool = step("define", e -> {
            Pool p = host.pools().define(spec);
            undo.put("undefine pool " + name(), p::undefine);
            e.put("uuid", p.uuid());
            e.put("state", StorageJson.state(p.info()));
            return p;
        });
        Optional<String> target = spec.target().flatMap(PoolTarget::path);
        Optional<Boolean> existed = target.filter(t -> filesHere()).map(t -> Files.exists(Path.of(t)));
        boolean madeTarget = target.isPresent() && (isTestDriver() || existed.isPresent() && !existed.get());
        step("build", e -> {
            pool.build(PoolBuild.NEW);
            if (madeTarget) {
                undo.put("delete the storage of pool " + name(), pool::delete);
            }
            target.ifPresent(t -> e.put("target", t));
            existed.ifPresent(x -> e.put("targetExisted", x));
            target.ifPresent(t -> exists(e, "targetExists", t));
            return null;
        });
        step("start", e -> {
            pool.start();
            undo.put("stop pool " + name(), pool::stop);
            StorageJson.info(e, pool.info());
            return null;
        });
        volume.ifPresent(v -> volumes(pool, v));
        step("stop", e -> {
            pool.stop();
            undo.remove("stop pool " + name());
            e.put("state", StorageJson.state(pool.info()));
            return null;
        });
        step("delete", e -> {
            target.ifPresent(t -> e.put("target", t));
            if (!madeTarget) {
                e.put("deleted", false);
                e.put("reason", existed.isPresent() ? "the target existed before build; it is kept"
                        : target.isEmpty() ? "the pool has no target path" : "the host is remote; its storage is kept");
                return null;
            }
            pool.delete();
            undo.remove("delete the storage of pool " + name());
            e.put("deleted", true);
            exists(e, "targetExists", target.get());
            return null;
        });
        step("undefine", e -> {
            result.put("xml", pool.xml());
            pool.undefine();
            undo.remove("undefine pool " + name());
            e.put("defined", host.pools().find(name()).isPresent());
            return null;
        });
    }

    private void volumes(Pool pool, VolumeSpec spec) {
        Volume created = step("create-volume", e -> {
            Volume v = pool.volumes().create(spec);
            undo.put("delete volume " + v.name(), v::delete);
            StorageJson.volume(e, v);
            exists(e, "fileExists", v.path());
            return v;
        });
        String cloneName = cloneName(created.name());
        Volume clone = step("clone-volume", e -> {
            e.put("from", created.name());
            Volume c = pool.volumes().clone(created, cloneName);
            undo.put("delete volume " + c.name(), c::delete);
            StorageJson.volume(e, c);
            exists(e, "fileExists", c.path());
            return c;
        });
        step("list-volumes", e -> {
            ArrayNode list = e.putArray("volumes");
            pool.volumes().list().forEach(v -> StorageJson.volume(list.addObject(), v));
            return null;
        });
        for (Volume v : List.of(clone, created)) {
            step("delete-volume", e -> {
                e.put("volume", v.name());
                e.put("path", v.path().toString());
                v.delete();
                undo.remove("delete volume " + v.name());
                exists(e, "fileExists", v.path());
                ArrayNode left = e.putArray("remaining");
                pool.volumes().list().forEach(rest -> left.add(rest.name()));
                return null;
            });
        }
    }

    /** {@code disk.qcow2} → {@code disk-clone.qcow2}. */
    static String cloneName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) + "-clone" + name.substring(dot) : name + "-clone";
    }

    private boolean filesHere() {
        return filesHere(uri);
    }

    private boolean isTestDriver() {
        return isTestDriver(uri);
    }

    /**
     * Whether the files of the host at {@code uri} are this machine's, so that paths can be
     * looked at here: a local driver or the daemon's local socket, not the test driver (its
     * storage is in memory) and not a remote transport (ssh, tcp, tls, libssh…).
     */
    static boolean filesHere(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = String.valueOf(parsed.getScheme());
        boolean transport = scheme.contains("+") && !scheme.endsWith("+unix");
        String hostName = parsed.getHost();
        return !isTestDriver(uri) && !transport && (hostName == null || hostName.isEmpty());
    }

    /** libvirt's test driver keeps its storage in memory: there is nothing on disk to look at or keep. */
    static boolean isTestDriver(String uri) {
        return uri.startsWith("test:") || uri.startsWith("test+");
    }

    /** Whether {@code path} is there now, when the host's files are this machine's. */
    private void exists(ObjectNode entry, String field, String path) {
        exists(entry, field, Path.of(path));
    }

    private void exists(ObjectNode entry, String field, Path path) {
        if (filesHere()) {
            entry.put(field, Files.exists(path));
        }
    }

    private <T> T step(String name, Function<ObjectNode, T> action) {
        ObjectNode entry = steps.addObject();
        entry.put("step", name);
        long start = System.nanoTime();
        try {
            hook.before(name);
            T value = action.apply(entry);
            hook.after(name);
            long ms = (System.nanoTime() - start) / 1_000_000;
            entry.put("ok", true);
            entry.put("ms", ms);
            console.say(String.format("%-14s ok   %s", name, StepSummary.of(entry)));
            return value;
        } catch (RuntimeException e) {
            String message = ExamplesRunner.oneLine(e.getMessage());
            entry.put("ok", false);
            entry.put("error", message);
            console.say(String.format("%-14s FAILED: %s", name, message));
            throw new StepFailed(name, message, e);
        }
    }

    private FailedWithResult failed(StepFailed failure) {
        List<String> undone = new ArrayList<>();
        List<String> notUndone = new ArrayList<>();
        List<String> pending = new ArrayList<>(undo.keySet());
        Collections.reverse(pending);
        ArrayNode cleanup = pending.isEmpty() ? JSON.arrayNode() : result.putArray("cleanup");
        for (String what : pending) {
            ObjectNode entry = cleanup.addObject().put("undo", what);
            try {
                undo.get(what).run();
                entry.put("ok", true);
                undone.add(what);
            } catch (RuntimeException e) {
                entry.put("ok", false).put("error", ExamplesRunner.oneLine(e.getMessage()));
                notUndone.add(what + " (" + ExamplesRunner.oneLine(e.getMessage()) + ")");
            }
            console.say("undo: " + what + (entry.path("ok").asBoolean() ? " ok" : " FAILED"));
        }
        result.put("ok", false);
        String reason = failure.step + " failed: " + failure.message;
        if (!undone.isEmpty()) {
            reason += "; undone: " + String.join(", ", undone);
        }
        if (!notUndone.isEmpty()) {
            reason += "; could not " + String.join(", ", notUndone) + ": remove pool " + name()
                    + " by hand (virsh pool-destroy, pool-delete, pool-undefine)";
        }
        return new FailedWithResult(result, reason);
    }

    /** A step failed; its entry already says why. */
    private static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String step;
        private final String message;

        StepFailed(String step, String message, Throwable cause) {
            super(step + " failed: " + message, cause);
            this.step = step;
            this.message = message;
        }
    }
}
