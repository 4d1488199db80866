package io.virtshare.examples;

import io.virtshare.BackendException;
import io.virtshare.VirtShare;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.share.VmShares;
import io.virtshare.spi.Backend;
import io.virtshare.spi.BackendContext;
import io.virtshare.spi.BackendProvider;
import io.virtshare.storage.Pools;
import io.virtshare.vm.Hypervisor;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
import io.virtshare.vm.Vms;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recipe: choosing a backend — the one the SDK picks by itself, one named in code or with
 * {@code -Dvirtshare.backend}, what a name that is not on the class path gives — and a
 * backend plug-in handed to the builder. Quoted by {@code docs/backends.md}.
 *
 * <p>Run: {@code java -cp examples/target/virtshare-examples.jar io.virtshare.examples.BackendRecipe}
 */
public final class BackendRecipe {
    private BackendRecipe() {
    }

    /** Runs every step in a new temporary home and prints what each backend says. */
    public static void main(String[] args) throws IOException {
        run(Files.createTempDirectory("virtshare-backends-"), System.out);
    }

    /**
     * Runs every step with {@code home} as the SDK's home.
     *
     * @return the backends used, in order: automatic, by name, the plug-in
     */
    static List<String> run(Path home, PrintStream out) {
        List<String> used = new ArrayList<>();
        // snippet:automatic
        try (VirtShare vs = VirtShare.open(home)) {
            // libvirt on test:///default when sdk-libvirt is on the class path and libvirt loads, else xml-files
            out.println(vs.backend() + " on " + vs.target());
            used.add(vs.backend());
        }
        // end:automatic

        // snippet:by-name
        try (VirtShare vs = VirtShare.builder().home(home).backend("xml-files").build()) {
            out.println(vs.backend() + " writes what it defines into " + vs.target());
            used.add(vs.backend());
        }
        // end:by-name

        // snippet:unknown
        try (VirtShare vs = VirtShare.builder().home(home).backend("hyperv").build()) {
            out.println("unexpected: " + vs.backend());
        } catch (BackendException e) {
            // UNAVAILABLE: no backend called 'hyperv' (named by VirtShare.builder().backend("hyperv")) is on
            // the class path; found: libvirt (io.virtshare:sdk-libvirt), qemu (io.virtshare:sdk-api), ...
            out.println(e.failure() + ": " + e.getMessage());
        }
        // end:unknown

        // snippet:plug-in
        try (VirtShare vs = VirtShare.builder().home(home).backend(new DryRunProvider()).build()) {
            Vm vm = vs.vms().define(VmSpec.builder("dry").shares(VmShares.none(vs.stateDirectory("dry"))).build());
            out.println(vs.backend() + " defined " + vm.name() + " as a file in " + vs.target());
            used.add(vs.backend());
        }
        // end:plug-in
        return List.copyOf(used);
    }

    // snippet:provider
    /**
     * A backend plug-in, {@code dry-run}: it never touches a hypervisor and writes what it would
     * define as libvirt XML, by opening the built-in xml-files backend in its own directory.
     * Listed in its jar's {@code META-INF/services/io.virtshare.spi.BackendProvider}, it is found by
     * {@link java.util.ServiceLoader} and chosen by name; here it is handed to the builder.
     */
    public static final class DryRunProvider implements BackendProvider {
        @Override
        public String name() {
            return "dry-run";
        }

        @Override
        public String module() {
            return "com.example:dry-run-backend";
        }

        @Override
        public boolean automatic() {
            return false; // only when named: VirtShare.builder().backend("dry-run")
        }

        @Override
        public Optional<String> unavailable() {
            return Optional.empty(); // quick, and connects nowhere
        }

        @Override
        public Backend open(BackendContext context) {
            Path directory = context.home().resolve("dry-run");
            return new DryRunBackend(VirtShare.builder().home(context.home()).backend("xml-files")
                    .uri(directory.toUri().toString()).build());
        }
    }

    /** The open backend: storage and VMs from the xml-files backend it wraps, closed with it. */
    static final class DryRunBackend implements Backend {
        private final VirtShare files;

        DryRunBackend(VirtShare files) {
            this.files = files;
        }

        @Override
        public String name() {
            return "dry-run";
        }

        @Override
        public String target() {
            return files.target();
        }

        @Override
        public LibvirtFeatures features() {
            return files.features();
        }

        @Override
        public Optional<Hypervisor> hypervisor() {
            return files.hypervisor();
        }

        @Override
        public Pools pools() {
            return files.pools();
        }

        @Override
        public Vms vms() {
            return files.vms();
        }

        @Override
        public void close() {
            files.close();
        }
    }
    // end:provider
}
