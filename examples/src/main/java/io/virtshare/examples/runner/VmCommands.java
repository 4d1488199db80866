package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.VirtShare;
import io.virtshare.datastore.Image;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.share.ShareProtocol;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmState;
import io.virtshare.xml.XmlCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code vm attach} and {@code vm detach}: a datastore image's virtiofs {@code <filesystem>}
 * attached to (or a tag detached from) a libvirt domain through the libvirt backend, live ({@code --live}), in its
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
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
        public Output run(List<String> words, Console console) throws Exception {
            Args args = Args.parse(words, DatastoreCommands.with("uri", "domain", "tag"),
                    Set.of("read-only", "live", "config"));
            String uri = required(args, "uri", "the libvirt host, e.g. qemu:///system");
            String domain = required(args, "domain", "the libvirt domain to attach the image to");
            int id = DatastoreArgs.id(DatastoreCommands.single(args, "ID"));
            DeviceScope[] scopes = scopes(args);
            return new Output.Tree(DatastoreArgs.with(args, console, ds -> {
                Image image = ds.images().get(id);
                try (VirtShare vs = open(uri)) {
                    FilesystemDevice fs = image.filesystem(ShareProtocol.VIRTIOFS,
                            args.option("tag").orElse(image.defaultTag()), args.flag("read-only"),
                            vs.features());
                    Vm vm = vs.vms().get(domain);
                    DeviceScope[] where = effective(scopes, vm);
                    FilesystemDevice attached = vm.attach(fs, where);
                    console.say("attached " + attached.target() + " (image " + id + ") to domain " + domain + " "
                            + describe(where));
                    ObjectNode result = result(uri, domain, where, vm);
                    result.put("filesystem", XmlCodec.defaults().writeFilesystem(attached));
                    return result;
                }
            }));
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
        public Output run(List<String> words, Console console) throws Exception {
            Args args = Args.parse(words, Set.of("uri", "domain", "tag"), Set.of("live", "config")).noOperands();
            String uri = required(args, "uri", "the libvirt host, e.g. qemu:///system");
            String domain = required(args, "domain", "the libvirt domain to detach from");
            String tag = required(args, "tag", "the mount tag (<target dir>) of the filesystem to detach");
            DeviceScope[] scopes = scopes(args);
            try (VirtShare vs = open(uri)) {
                Vm vm = vs.vms().get(domain);
                DeviceScope[] where = effective(scopes, vm);
                vm.detach(tag, where);
                console.say("detached " + tag + " from domain " + domain + " " + describe(where));
                ObjectNode result = result(uri, domain, where, vm);
                result.put("tag", tag);
                return new Output.Tree(result);
            }
        }
    }

    /** The value of the required option {@code option}, else a usage error saying it is {@code what}. */
    static String required(Args args, String option, String what) {
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
        ObjectNode result = JSON.objectNode();
        result.put("uri", uri);
        result.put("domain", domain);
        ObjectNode xml = result.putObject("domainXml");
        for (DeviceScope scope : where) {
            result.withArray("scopes").add(scope.name().toLowerCase(java.util.Locale.ROOT));
            xml.put(scope.name().toLowerCase(java.util.Locale.ROOT), vm.xml(scope));
        }
        return result;
    }

    /** The libvirt backend on {@code uri}, for one command (the backend keeps nothing in its home). */
    private static VirtShare open(String uri) {
        return VirtShare.builder().home(Path.of(System.getProperty("java.io.tmpdir"))).backend("libvirt").uri(uri)
                .build();
    }
}
