package io.virtshare.internal.backend.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.share.NinePOptions;
import io.virtshare.share.Share;
import io.virtshare.share.VirtiofsOptions;
import io.virtshare.share.VmShares;
import io.virtshare.share.GuestDisk;
import io.virtshare.share.WritableOverlay;
import io.virtshare.vm.Accelerator;
import io.virtshare.vm.DirectBoot;
import io.virtshare.vm.VmSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@link VmSpec} as JSON and back: every field of the spec and of its shares, guest disks
 * and overlay. Reading is strict: a missing or mistyped field is an {@link IllegalArgumentException}
 * whose message names it (the caller names the file).
 */
final class SpecJson {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecJson() {
    }

    static String write(VmSpec spec) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("name", spec.name());
        root.put("memoryMib", spec.memoryMib());
        root.put("vcpus", spec.vcpus());
        root.put("machine", spec.machine());
        root.put("accelerator", spec.accelerator().name());
        spec.boot().ifPresent(boot -> {
            ObjectNode b = root.putObject("boot");
            b.put("kernel", boot.kernel().toString());
            b.put("initramfs", boot.initramfs().toString());
            b.put("cmdline", boot.cmdline());
        });
        spec.console().ifPresent(c -> root.put("console", c.toString()));
        VmShares shares = spec.shares();
        root.put("stateDirectory", shares.stateDirectory().toString());
        ArrayNode list = root.putArray("shares");
        for (Share share : shares.shares()) {
            ObjectNode s = list.addObject();
            s.put("tag", share.tag());
            s.put("source", share.source().toString());
            s.put("mountPoint", share.mountPoint().toString());
            s.put("readOnly", share.readOnly());
            if (share.options() instanceof VirtiofsOptions v) {
                s.put("protocol", "virtiofs");
                s.put("cache", v.cache());
                s.put("queueSize", v.queueSize());
                v.threadPoolSize().ifPresent(n -> s.put("threadPoolSize", n));
                s.put("xattr", v.xattr());
                v.socket().ifPresent(p -> s.put("socket", p.toString()));
                s.put("posixLock", v.posixLock());
                s.put("flock", v.flock());
            } else {
                NinePOptions n = (NinePOptions) share.options();
                s.put("protocol", "9p");
                s.put("securityModel", n.securityModel());
                s.put("msize", n.msize());
                n.multidevs().ifPresent(m -> s.put("multidevs", m));
            }
        }
        ArrayNode disks = root.putArray("disks");
        for (GuestDisk disk : shares.disks()) {
            ObjectNode d = disks.addObject();
            d.put("image", disk.image().toString());
            d.put("mountPoint", disk.mountPoint().toString());
            d.put("sizeMib", disk.sizeMib());
            disk.fsType().ifPresent(f -> d.put("fsType", f));
            d.put("format", disk.format().name());
            d.put("creation", disk.creation().name());
        }
        shares.overlay().ifPresent(o -> {
            ObjectNode n = root.putObject("overlay");
            n.put("lower", o.lower().toString());
            n.put("writable", o.writable().toString());
            n.put("mountPoint", o.mountPoint().toString());
        });
        return root.toPrettyString() + "\n";
    }

    /**
     * The spec in {@code json}.
     *
     * @throws IllegalArgumentException naming what is missing or wrong (the JSON, a field, a value
     *     the spec's own checks refuse)
     */
    static VmSpec read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("it is not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("it holds no JSON object");
        }
        if (integer(root, "version") != VERSION) {
            throw new IllegalArgumentException("its version is " + root.get("version") + ", this SDK reads " + VERSION);
        }
        try {
            VmShares.Builder shares = VmShares.builder(Path.of(text(root, "stateDirectory")));
            for (JsonNode s : array(root, "shares")) {
                Path source = Path.of(text(s, "source"));
                Path mountPoint = Path.of(text(s, "mountPoint"));
                String tag = text(s, "tag");
                Share.Builder b;
                String protocol = text(s, "protocol");
                if (protocol.equals("virtiofs")) {
                    b = Share.virtiofs(tag, source, mountPoint).options(new VirtiofsOptions(text(s, "cache"),
                            (int) integer(s, "queueSize"), optional(s, "threadPoolSize").map(JsonNode::asInt),
                            bool(s, "xattr"), optional(s, "socket").map(n -> Path.of(n.asText())),
                            bool(s, "posixLock"), bool(s, "flock")));
                } else if (protocol.equals("9p")) {
                    b = Share.ninep(tag, source, mountPoint).options(new NinePOptions(text(s, "securityModel"),
                            (int) integer(s, "msize"), optional(s, "multidevs").map(JsonNode::asText)));
                } else {
                    throw new IllegalArgumentException("share '" + tag + "' has protocol '" + protocol
                            + "'; expected virtiofs or 9p");
                }
                shares.share(b.readOnly(bool(s, "readOnly")).build());
            }
            for (JsonNode d : array(root, "disks")) {
                GuestDisk.Builder b = GuestDisk.of(Path.of(text(d, "image")), Path.of(text(d, "mountPoint")),
                        integer(d, "sizeMib")).format(GuestDisk.Format.valueOf(text(d, "format")))
                        .creation(GuestDisk.Creation.valueOf(text(d, "creation")));
                Optional<JsonNode> fsType = optional(d, "fsType");
                shares.disk((fsType.isPresent() ? b.fsType(fsType.get().asText()) : b.unformatted()).build());
            }
            Optional<JsonNode> overlay = optional(root, "overlay");
            if (overlay.isPresent()) {
                JsonNode o = overlay.get();
                shares.overlay(new WritableOverlay(Path.of(text(o, "lower")), Path.of(text(o, "writable")),
                        Path.of(text(o, "mountPoint"))));
            }
            VmSpec.Builder spec = VmSpec.builder(text(root, "name"))
                    .memoryMib(integer(root, "memoryMib"))
                    .vcpus((int) integer(root, "vcpus"))
                    .machine(text(root, "machine"))
                    .accelerator(Accelerator.valueOf(text(root, "accelerator")))
                    .shares(shares.build());
            Optional<JsonNode> boot = optional(root, "boot");
            if (boot.isPresent()) {
                JsonNode b = boot.get();
                spec.boot(new DirectBoot(Path.of(text(b, "kernel")), Path.of(text(b, "initramfs")),
                        text(b, "cmdline")));
            }
            optional(root, "console").ifPresent(c -> spec.console(Path.of(c.asText())));
            return spec.build();
        } catch (io.virtshare.VirtShareException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        return typed(node, name, JsonNode::isTextual, "a string").asText();
    }

    private static long integer(JsonNode node, String name) {
        return typed(node, name, v -> v.isIntegralNumber() && v.canConvertToLong(), "a whole number").asLong();
    }

    private static boolean bool(JsonNode node, String name) {
        return typed(node, name, JsonNode::isBoolean, "true or false").asBoolean();
    }

    private static JsonNode array(JsonNode node, String name) {
        return typed(node, name, JsonNode::isArray, "a list");
    }

    private static JsonNode typed(JsonNode node, String name, java.util.function.Predicate<JsonNode> kind,
            String what) {
        JsonNode value = field(node, name);
        if (!kind.test(value)) {
            throw new IllegalArgumentException("field '" + name + "' is not " + what);
        }
        return value;
    }

    private static Optional<JsonNode> optional(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }
}
