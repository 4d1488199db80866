package io.virtshare.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.VirtShare;
import io.virtshare.VirtShareException;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.testkit.GuestKernel;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.KvmVerdict;
import io.virtshare.testkit.ReflinkProbe;
import io.virtshare.testkit.ToolStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recipe: find out what this host offers virtshare — Java, the libvirt library and
 * which URIs answer, virtiofsd and its flavour, QEMU and whether KVM is really usable
 * (a bounded boot probe, not just {@code /dev/kvm}), guest kernel material, and
 * whether a directory supports reflink clones.
 *
 * <p>Run: {@code java -jar examples/target/virtshare-examples.jar doctor}.
 */
public final class HostDoctor {
    /** The URIs doctor tries. */
    public static final List<String> URIS = List.of("test:///default", "qemu:///system");

    private static final ObjectMapper JSON = new ObjectMapper();

    private HostDoctor() {
    }

    /** Prints the report for the current directory as JSON. */
    public static void main(String[] args) throws Exception {
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                report(HostTools.detect(), Path.of(""))));
    }

    /**
     * Builds the report.
     *
     * @param tools detection to report on (it probes every tool, KVM included)
     * @param reflinkDirectory the directory whose reflink support is checked
     * @return the report as a JSON object
     */
    public static ObjectNode report(HostTools tools, Path reflinkDirectory) {
        ObjectNode report = JSON.createObjectNode();
        report.set("java", java());
        report.set("libvirt", libvirt(tools));
        report.set("virtiofsd", virtiofsd(tools));
        report.set("qemu", qemu(tools));
        report.set("guest", guest(tools));
        ReflinkProbe.Result reflink = ReflinkProbe.probe(reflinkDirectory.toAbsolutePath().normalize());
        ObjectNode r = report.putObject("reflink");
        r.put("directory", reflink.directory().toString());
        r.put("supported", reflink.supported());
        r.put("detail", reflink.detail());
        ArrayNode all = report.putArray("tools");
        for (ToolStatus status : tools.all()) {
            all.add(status(status));
        }
        return report;
    }

    private static ObjectNode java() {
        ObjectNode java = JSON.createObjectNode();
        java.put("version", Runtime.version().toString());
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("home", System.getProperty("java.home"));
        return java;
    }

    private static ObjectNode libvirt(HostTools tools) {
        ObjectNode libvirt = JSON.createObjectNode();
        ToolStatus library = tools.status(HostTool.LIBVIRT_LIBRARY);
        libvirt.set("library", status(library));
        ToolStatus daemon = tools.status(HostTool.LIBVIRTD);
        libvirt.set("daemon", status(daemon));
        ArrayNode uris = libvirt.putArray("uris");
        for (String uri : URIS) {
            ObjectNode entry = uris.addObject();
            entry.put("uri", uri);
            if (!library.available()) {
                entry.put("reachable", false);
                entry.put("error", "the libvirt client library is not installed (libvirt0)");
                continue;
            }
            // the libvirt backend keeps nothing in its home directory
            try (VirtShare host = VirtShare.builder().home(Path.of(System.getProperty("java.io.tmpdir")))
                    .backend("libvirt").uri(uri).connectTimeout(Duration.ofSeconds(15)).build()) {
                entry.put("reachable", true);
                entry.put("backend", host.backend());
                entry.put("libvirtVersion", host.features().version().orElse("unknown"));
                host.hypervisor().ifPresent(h -> {
                    entry.put("hypervisor", h.name());
                    entry.put("hypervisorVersion", h.version());
                });
            } catch (VirtShareException e) {
                entry.put("reachable", false);
                entry.put("error", e.getMessage());
            }
        }
        libvirt.set("virsh", status(tools.status(HostTool.VIRSH)));
        libvirt.set("virtXmlValidate", status(tools.status(HostTool.VIRT_XML_VALIDATE)));
        return libvirt;
    }

    private static ObjectNode virtiofsd(HostTools tools) {
        ObjectNode node = status(tools.status(HostTool.VIRTIOFSD));
        Optional<Path> path = tools.status(HostTool.VIRTIOFSD).path();
        if (path.isPresent()) {
            try {
                VirtiofsdBinary daemon = VirtiofsdBinary.detect(path.get());
                node.put("flavour", daemon.flavour().name().toLowerCase(Locale.ROOT));
                ArrayNode features = node.putArray("features");
                daemon.features().stream().sorted().forEach(features::add);
            } catch (VirtShareException e) {
                node.put("error", e.getMessage());
            }
        }
        return node;
    }

    private static ObjectNode qemu(HostTools tools) {
        ObjectNode qemu = status(tools.status(HostTool.QEMU));
        qemu.set("img", status(tools.status(HostTool.QEMU_IMG)));
        KvmVerdict kvm = tools.kvm();
        ObjectNode k = qemu.putObject("kvm");
        k.put("deviceNode", kvm.deviceNode());
        k.put("usable", kvm.usable());
        k.put("accelerator", kvm.accelerator());
        k.put("reason", kvm.reason());
        return qemu;
    }

    private static ObjectNode guest(HostTools tools) {
        ObjectNode guest = JSON.createObjectNode();
        ToolStatus kernel = tools.status(HostTool.GUEST_KERNEL);
        ToolStatus busybox = tools.status(HostTool.BUSYBOX);
        guest.put("ready", kernel.available() && busybox.available() && tools.available(HostTool.QEMU));
        ObjectNode k = status(kernel);
        GuestKernel.find().ifPresent(found -> {
            k.put("release", found.release());
            k.put("modules", found.modules().toString());
        });
        guest.set("kernel", k);
        guest.set("busybox", status(busybox));
        return guest;
    }

    private static ObjectNode status(ToolStatus status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("tool", status.tool().name().toLowerCase(Locale.ROOT));
        node.put("available", status.available());
        status.path().ifPresent(p -> node.put("path", p.toString()));
        status.version().ifPresent(v -> node.put("version", v));
        node.put("detail", status.detail());
        return node;
    }
}
