package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.VirtShareException;
import io.virtshare.datastore.Image;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.domain.LibvirtFeatures;
import io.virtshare.domain.LibvirtVersion;
import io.virtshare.internal.libvirt.DomainErrors;
import io.virtshare.internal.libvirt.LibvirtVms;
import io.virtshare.libvirt.internal.QuietErrors;
import io.virtshare.share.ShareProtocol;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * {@code vm attach} and {@code vm detach}: a datastore image's virtiofs {@code <filesystem>}
 * attached to (or a tag detached from) a libvirt domain, live ({@code --live}), in its
 * persistent definition ({@code --config}), or both; with neither, live when the domain runs
 * and in the definition otherwise. Prints the filesystem element and the domain XML as
 * libvirt reports them afterwards; what libvirt cannot do (live on an i440fx machine, live
 * without shared memory, read-only virtiofs before libvirt 11) exits 1 with the reason
 * before libvirt is asked.
 *
 * <pre>
 * java -jar virtshare-examples.jar vm attach --uri qemu:///system --domain web1 --datastore /srv/ds 0 --config
 * java -jar virtshare-examples.jar vm detach --uri qemu:///system --domain web1 --tag llama --config
 * </pre>
 */
final class VmCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VmCommands() {
    }

    static List<Command> all() {
        return List.of(new Attach(), new Detach());
    }

    /** {@code vm attach}. */
    static final class Attach implements Command {
        @Override
        public String name() {
            return "vm attach";
        }

        @Override
        public String synopsis() {
            return "vm attach --uri URI --domain NAME --datastore DIR ID [--tag TAG] [--read-only] [--live] [--config]";
        }

        @Override
        public JsonNode run(List<String> words, Console console) throws Exception {
            Args args = Args.parse(words, DatastoreCommands.with("uri", "domain", "tag"),
                    Set.of("read-only", "live", "config"));
            String uri = required(args, "uri", "the libvirt host, e.g. qemu:///system");
            String domain = required(args, "domain", "the libvirt domain to attach the image to");
            int id = DatastoreArgs.id(DatastoreCommands.single(args, "ID"));
            DeviceScope[] scopes = scopes(args);
            return DatastoreArgs.with(args, console, ds -> {
                Image image = ds.images().get(id);
                try (Session session = Session.open(uri)) {
                    FilesystemDevice fs = image.filesystem(ShareProtocol.VIRTIOFS,
                            args.option("tag").orElse(image.defaultTag()), args.flag("read-only"),
                            session.features());
                    Vm vm = session.vms().get(domain);
                    DeviceScope[] where = effective(scopes, vm);
                    FilesystemDevice attached = vm.attach(fs, where);
                    console.say("attached " + attached.target() + " (image " + id + ") to domain " + domain + " "
                            + describe(where));
                    ObjectNode result = result(uri, domain, where, vm);
                    result.put("filesystem", attached.toXml());
                    return result;
                }
            });
        }
    }

    /** {@code vm detach}. */
    static final class Detach implements Command {
        @Override
        public String name() {
            return "vm detach";
        }

        @Override
        public String synopsis() {
            return "vm detach --uri URI --domain NAME --tag TAG [--live] [--config]";
        }

        @Override
        public JsonNode run(List<String> words, Console console) throws Exception {
            Args args = Args.parse(words, Set.of("uri", "domain", "tag"), Set.of("live", "config")).noOperands();
            String uri = required(args, "uri", "the libvirt host, e.g. qemu:///system");
            String domain = required(args, "domain", "the libvirt domain to detach from");
            String tag = required(args, "tag", "the mount tag (<target dir>) of the filesystem to detach");
            DeviceScope[] scopes = scopes(args);
            try (Session session = Session.open(uri)) {
                Vm vm = session.vms().get(domain);
                DeviceScope[] where = effective(scopes, vm);
                vm.detach(tag, where);
                console.say("detached " + tag + " from domain " + domain + " " + describe(where));
                ObjectNode result = result(uri, domain, where, vm);
                result.put("tag", tag);
                return result;
            }
        }
    }

    private static String required(Args args, String option, String what) {
        return args.option(option).filter(v -> !v.isBlank()).orElseThrow(() -> new UsageException(
                "--" + option + " is required: " + what));
    }

    private static DeviceScope[] scopes(Args args) {
        List<DeviceScope> scopes = new ArrayList<>();
        if (args.flag("live")) {
            scopes.add(DeviceScope.LIVE);
        }
        if (args.flag("config")) {
            scopes.add(DeviceScope.CONFIG);
        }
        return scopes.toArray(DeviceScope[]::new);
    }

    /** The scopes given, or the one libvirt's "current" means for {@code vm} now. */
    private static DeviceScope[] effective(DeviceScope[] scopes, Vm vm) {
        if (scopes.length > 0) {
            return scopes;
        }
        return new DeviceScope[] {vm.state() == VmState.SHUT_OFF ? DeviceScope.CONFIG : DeviceScope.LIVE};
    }

    private static String describe(DeviceScope[] where) {
        return List.of(where).contains(DeviceScope.LIVE)
                ? (where.length > 1 ? "(live and in its definition)" : "(live)") : "(in its definition)";
    }

    /** The JSON every vm command prints: where it acted and the domain's XML there, as libvirt reports it. */
    private static ObjectNode result(String uri, String domain, DeviceScope[] where, Vm vm) {
        ObjectNode result = JSON.createObjectNode();
        result.put("uri", uri);
        result.put("domain", domain);
        ObjectNode xml = result.putObject("domainXml");
        for (DeviceScope scope : where) {
            result.withArray("scopes").add(scope.name().toLowerCase(java.util.Locale.ROOT));
            xml.put(scope.name().toLowerCase(java.util.Locale.ROOT), vm.xml(scope));
        }
        return result;
    }

    /** A libvirt connection and its VMs, for one command. */
    private record Session(Connect connection, LibvirtVms vms, LibvirtFeatures features) implements AutoCloseable {
        static Session open(String uri) {
            Connect connection;
            LibvirtFeatures features;
            try {
                QuietErrors.install();
                connection = new Connect(uri);
            } catch (LibvirtException | LinkageError e) {
                throw new VirtShareException("cannot connect to " + uri + ": " + e.getMessage() + "; check the URI"
                        + " (e.g. qemu:///system, test:///default) and that libvirt is installed and running");
            }
            try {
                LibvirtVersion v = LibvirtVersion.decode(connection.getLibVersion());
                features = LibvirtFeatures.of(v.major(), v.minor(), v.release());
            } catch (LibvirtException e) {
                close(connection);
                throw new VirtShareException("libvirt at " + uri + " did not report its version: " + e.getMessage()
                        + "; check that its daemon runs");
            }
            return new Session(connection, new LibvirtVms(connection, uri, features, DomainErrors.basic(uri)),
                    features);
        }

        @Override
        public void close() {
            close(connection);
        }

        private static void close(Connect connection) {
            try {
                connection.close();
            } catch (LibvirtException e) {
                // closing is best effort; the command's result stands
            }
        }
    }
}
