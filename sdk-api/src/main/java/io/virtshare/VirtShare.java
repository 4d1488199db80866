package io.virtshare;

import io.virtshare.datastore.Datastores;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.internal.backend.BackendSelection;
import io.virtshare.spi.Backend;
import io.virtshare.spi.BackendContext;
import io.virtshare.spi.BackendProvider;
import io.virtshare.storage.Pools;
import io.virtshare.vm.Hypervisor;
import io.virtshare.vm.Vms;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one entry to the SDK: datastores of directory images, storage pools and volumes, VMs
 * with their shares, and the libvirt XML codec, on one backend.
 *
 * <p>The backend does the work that touches the outside world: {@code libvirt} (sdk-libvirt,
 * any libvirt URI), {@code qemu} (QEMU processes with the SDK's supervised virtiofsd) or
 * {@code xml-files} (writes what it would define into the home directory; needs nothing
 * installed). A backend named with {@link Builder#backend(String)} or the system property
 * {@code virtshare.backend} always wins; otherwise the one automatic backend on the class path
 * that can run here (libvirt, when sdk-libvirt and the libvirt library are present), else
 * {@code xml-files}.
 *
 * <p>The libvirt backend connects to the URI given with {@link Builder#uri(String)}, else the
 * system property {@code virtshare.libvirt.uri}, else the environment variable
 * {@code LIBVIRT_DEFAULT_URI}, else {@code test:///default} (libvirt's in-process test driver).
 *
 * <p>A {@code VirtShare} owns its backend's connection and processes: close it (it is
 * {@link AutoCloseable}; {@code close()} is idempotent). It is safe to share between threads.
 *
 * <pre>{@code
 * try (var vs = VirtShare.open(Path.of("/var/lib/virtshare"))) {
 *     Datastore ds = vs.datastores().create(Path.of("/srv/models"), DatastoreSpec.sharedFs("models").build());
 *     Image model = ds.images().register("/var/tmp/tiny-model");
 *     Pool pool = vs.pools().create(PoolSpec.dir("images").target(Path.of("/srv/images")).build());
 *     Vm vm = vs.vms().define(VmSpec.builder("web1").shares(VmShares.none(vs.stateDirectory("web1"))).build());
 *     vm.attach(model.filesystem("models"), DeviceScope.CONFIG);
 * }
 * }</pre>
 */
public final class VirtShare implements AutoCloseable {
    /** How long connecting to a backend's target may take unless the builder says otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final Path home;
    private final Backend backend;
    private final Datastores datastores = new LocalDatastores();
    private final XmlCodec xml = XmlCodec.defaults();
    private boolean closed;

    private VirtShare(Path home, Backend backend) {
        this.home = home;
        this.backend = backend;
    }

    /**
     * Opens the SDK with {@code home} as its state directory and the backend chosen as the
     * class Javadoc says.
     *
     * @throws BackendException when the chosen backend cannot run or reach its target
     */
    public static VirtShare open(Path home) {
        return builder().home(home).build();
    }

    /** Starts a configuration: home directory, backend, target URI, timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** The directory the SDK keeps its state in. */
    public Path home() {
        return home;
    }

    /** The backend's name: {@code libvirt}, {@code qemu}, {@code xml-files}, or a plug-in's. */
    public String backend() {
        return backend.name();
    }

    /** What the backend works on: a libvirt URI, a directory. */
    public String target() {
        return backend.target();
    }

    /** What the target accepts in domain XML; pass it to {@code filesystem(..)} builders. */
    public LibvirtFeatures features() {
        return backend.features();
    }

    /** The hypervisor the target runs VMs with, when the backend says (libvirt does). */
    public Optional<Hypervisor> hypervisor() {
        return backend.hypervisor();
    }

    /** Datastores of directory images. */
    public Datastores datastores() {
        return datastores;
    }

    /** The target's storage pools and, through them, volumes. */
    public Pools pools() {
        return backend.pools();
    }

    /** The target's VMs and their shares. */
    public Vms vms() {
        return backend.vms();
    }

    /** The libvirt XML codec: parse and write pools, volumes and domain devices. */
    public XmlCodec xml() {
        return xml;
    }

    /** The state directory the SDK gives the VM called {@code vmName}: {@code <home>/vms/<vmName>}. */
    public Path stateDirectory(String vmName) {
        Objects.requireNonNull(vmName, "vmName");
        if (!vmName.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidSpecException("VM name '" + vmName + "' is not usable; give 1 to 64 letters, digits,"
                    + " '.', '_' or '-', not starting with '.' or '-'");
        }
        return home.resolve("vms").resolve(vmName);
    }

    /** Closes the backend (its connection, processes, files); idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            backend.close();
        }
    }

    @Override
    public String toString() {
        return "VirtShare[" + backend.name() + " on " + backend.target() + ", home " + home + "]";
    }

    /** Configures and opens a {@link VirtShare}. */
    public static final class Builder {
        private Path home;
        private String backendName;
        private BackendProvider provider;
        private String uri;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private ClassLoader classLoader;

        private Builder() {
        }

        /** The directory the SDK keeps its state in (created when missing). Required. */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** Chooses the backend by name ({@code libvirt}, {@code qemu}, {@code xml-files}). */
        public Builder backend(String name) {
            this.backendName = Objects.requireNonNull(name, "name");
            this.provider = null;
            return this;
        }

        /** Uses this provider, whatever else is on the class path. */
        public Builder backend(BackendProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.backendName = null;
            return this;
        }

        /** The target to connect to, e.g. a libvirt URI ({@code qemu:///system}). */
        public Builder uri(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** How long connecting may take. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Where {@link java.util.ServiceLoader} looks for backends (default: this class's loader). */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Chooses and opens the backend.
         *
         * @throws InvalidSpecException when no home was given
         * @throws BackendException when the choice is unknown, ambiguous or unavailable, or the
         *     target cannot be reached
         */
        public VirtShare build() {
            if (home == null) {
                throw new InvalidSpecException("no home directory; give VirtShare.builder().home(dir), where the SDK"
                        + " keeps VM state directories and the files the xml-files backend writes");
            }
            Path absoluteHome = home.toAbsolutePath().normalize();
            BackendProvider chosen = provider != null ? provider
                    : BackendSelection.load(classLoader != null ? classLoader : VirtShare.class.getClassLoader())
                            .choose(Optional.ofNullable(backendName));
            Backend backend = chosen.open(new BackendContext(absoluteHome, Optional.ofNullable(uri), connectTimeout));
            return new VirtShare(absoluteHome, backend);
        }
    }
}
