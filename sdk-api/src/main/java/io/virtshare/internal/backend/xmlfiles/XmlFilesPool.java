package io.virtshare.internal.backend.xmlfiles;

import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolBuild;
import io.virtshare.storage.PoolDelete;
import io.virtshare.storage.PoolInfo;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolState;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.Size;
import io.virtshare.storage.Volumes;
import java.util.Properties;

/**
 * One pool of the xml-files backend: its XML file, and a state file saying whether it is
 * started, built and autostarted. Building, starting and deleting record the change without
 * touching the pool's storage; the rules on which state allows which step are libvirt's.
 */
final class XmlFilesPool implements Pool {
    private static final String ACTIVE = "active";
    private static final String AUTOSTART = "autostart";
    private static final String BUILT = "built";

    private final XmlFilesBackend backend;
    private final String name;

    XmlFilesPool(XmlFilesBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String uuid() {
        return spec().uuid().orElse("");
    }

    @Override
    public PoolType type() {
        return spec().type();
    }

    @Override
    public PoolSpec spec() {
        return backend.codec().readPool(xml());
    }

    @Override
    public String xml() {
        XmlFilesDirectory directory = backend.directory("read pool");
        return directory.read(directory.poolFile(name), "read pool", name).orElseThrow(() -> gone("read pool"));
    }

    @Override
    public boolean isActive() {
        return flag(ACTIVE, "read pool");
    }

    @Override
    public PoolInfo info() {
        PoolSpec spec = spec();
        Size none = Size.ofBytes(0);
        return new PoolInfo(name, spec.uuid().orElse(""), isActive() ? PoolState.RUNNING : PoolState.INACTIVE,
                spec.capacity().orElse(none), spec.allocation().orElse(none), spec.available().orElse(none), true,
                autostart());
    }

    @Override
    public Pool build(PoolBuild mode) {
        requireStopped("build pool", "stop it first (pool.stop()); a started pool is built already");
        return set(BUILT, true, "build pool");
    }

    @Override
    public Pool start() {
        String operation = "start pool";
        xml();
        if (isActive()) {
            throw backend.directory(operation).busy(operation, name, "pool '" + name + "' is already started",
                    "use it as it is, or stop it first");
        }
        return set(ACTIVE, true, operation);
    }

    @Override
    public Pool stop() {
        requireStarted("stop pool");
        return set(ACTIVE, false, "stop pool");
    }

    @Override
    public boolean autostart() {
        return flag(AUTOSTART, "read pool");
    }

    @Override
    public Pool autostart(boolean on) {
        xml();
        return set(AUTOSTART, on, "set pool autostart");
    }

    @Override
    public Pool refresh() {
        requireStarted("refresh pool");
        return this;
    }

    @Override
    public void undefine() {
        String operation = "undefine pool";
        requireStopped(operation, "stop it first (pool.stop())");
        XmlFilesDirectory directory = backend.directory(operation);
        directory.delete(directory.poolStateFile(name), operation, name);
        if (!directory.delete(directory.poolFile(name), operation, name)) {
            throw gone(operation);
        }
    }

    @Override
    public void delete(PoolDelete mode) {
        String operation = "delete pool";
        requireStopped(operation, "stop it first (pool.stop())");
        XmlFilesDirectory directory = backend.directory(operation);
        if (!volumes().list().isEmpty()) {
            throw directory.busy(operation, name, "pool '" + name + "' still holds volumes "
                    + volumes().list().stream().map(v -> v.name()).toList(), "delete them first (volume.delete())");
        }
        directory.delete(directory.volumeDirectory(name), operation, name);
        set(BUILT, false, operation);
    }

    @Override
    public Volumes volumes() {
        return new XmlFilesVolumes(backend, this);
    }

    void requireStarted(String operation) {
        xml();
        if (!isActive()) {
            throw backend.directory(operation).busy(operation, name, "pool '" + name + "' is not started",
                    "start it first (pool.start())");
        }
    }

    private void requireStopped(String operation, String fix) {
        xml();
        if (isActive()) {
            throw backend.directory(operation).busy(operation, name, "pool '" + name + "' is started", fix);
        }
    }

    private boolean flag(String key, String operation) {
        XmlFilesDirectory directory = backend.directory(operation);
        return Boolean.parseBoolean(directory.readState(directory.poolStateFile(name), operation, name)
                .getProperty(key, "false"));
    }

    private Pool set(String key, boolean value, String operation) {
        XmlFilesDirectory directory = backend.directory(operation);
        synchronized (backend) {
            Properties state = directory.readState(directory.poolStateFile(name), operation, name);
            state.setProperty(key, Boolean.toString(value));
            directory.writeState(directory.poolStateFile(name), state, operation, name);
        }
        return this;
    }

    private io.virtshare.BackendException gone(String operation) {
        return backend.directory(operation).notFound(operation, "pool", name,
                "it was undefined meanwhile; define it again with vs.pools().define(spec)");
    }

    @Override
    public String toString() {
        return "pool " + name + " (" + XmlFilesBackendProvider.NAME + ")";
    }
}
