package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.examples.GuestProofRecipe;
import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.guest.GuestDigest;
import io.virtshare.testkit.guest.GuestReport;
import io.virtshare.testkit.guest.GuestVia;
import io.virtshare.testkit.guest.ShareReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code guest-proof [--protocol virtiofs|9p|both] [--via qemu|libvirt]}: boots a guest
 * with one share per protocol and prints, per protocol, whether it was mounted, read and
 * written (both checked on the host) — and on failure the reason and the guest's last
 * console lines. Exit 1 when a needed tool is missing or the proof fails.
 *
 * <p>{@code guest-proof --datastore DIR --image ID [--via qemu|libvirt]}: the same guest with a
 * datastore image shared instead, reporting per file the size and SHA-256 the guest read
 * ({@link ImageProof}).
 */
final class GuestProofCommand implements Command {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Supplier<HostTools> tools;
    private final Consumer<Path> afterHostHash;

    GuestProofCommand() {
        this(HostTools::detectFromSystemProperty);
    }

    /** With another host tool detection, e.g. one that simulates a missing tool. */
    GuestProofCommand(Supplier<HostTools> tools) {
        this(tools, image -> { });
    }

    /**
     * With another host tool detection, and {@code afterHostHash} run on an image's directory
     * between the host's hashing and the guest's (a test tampers with the image there).
     */
    GuestProofCommand(Supplier<HostTools> tools, Consumer<Path> afterHostHash) {
        this.tools = tools;
        this.afterHostHash = afterHostHash;
    }

    @Override
    public String name() {
        return "guest-proof";
    }

    @Override
    public String synopsis() {
        String indent = "\n" + " ".repeat(36);
        return "guest-proof [--protocol virtiofs|9p|both] [--via qemu|libvirt]\n"
                + "  guest-proof --datastore DIR --image ID [--via qemu|libvirt]"
                + indent + "per file of the image, size and sha256 as the guest read them;"
                + indent + "at most " + GuestDigest.BASE_TIMEOUT_SECONDS + " s + 1 s per 8 MiB of the image";
    }

    @Override
    public Output run(List<String> words, Console console) throws IOException {
        Args args = Args.parse(words, Set.of("protocol", "via", "datastore", "image"), Set.of()).noOperands();
        GuestVia via = switch (args.option("via").orElse("qemu")) {
            case "qemu" -> GuestVia.QEMU;
            case "libvirt" -> GuestVia.LIBVIRT;
            default -> throw new UsageException("--via is qemu or libvirt");
        };
        if (args.option("datastore").isPresent() || args.option("image").isPresent()) {
            if (args.option("protocol").isPresent()) {
                throw new UsageException("--protocol does not go with --image: an image is shared over virtiofs");
            }
            Path datastore = console.path(args.option("datastore").orElseThrow(() -> new UsageException(
                    "--image ID needs --datastore DIR")));
            int id = DatastoreArgs.id(args.option("image").orElseThrow(() -> new UsageException(
                    "--datastore DIR needs --image ID")));
            return new Output.Tree(ImageProof.run(datastore, id, via, tools.get(), console, afterHostHash));
        }
        Set<ShareProtocol> protocols = switch (args.option("protocol").orElse("both")) {
            case "virtiofs" -> EnumSet.of(ShareProtocol.VIRTIOFS);
            case "9p" -> EnumSet.of(ShareProtocol.NINE_P);
            case "both" -> EnumSet.of(ShareProtocol.VIRTIOFS, ShareProtocol.NINE_P);
            default -> throw new UsageException("--protocol is virtiofs, 9p or both");
        };
        GuestReport report = GuestProofRecipe.prove(protocols, via, p -> console.say(p.item()
                + (p.item().startsWith("booting") ? "; about 10 s, at most " + GuestProofRecipe.TIMEOUT.toSeconds()
                        + " s" : "")), tools.get());
        ObjectNode result = toJson(report);
        if (!report.ok()) {
            throw new FailedWithResult(result, report.failure().orElseGet(() -> "a share failed: " + report.shares()
                    .stream().filter(s -> !s.ok()).map(s -> s.protocol().label() + ": " + s.reason().orElse("?"))
                    .findFirst().orElse("?")));
        }
        return new Output.Tree(result);
    }

    static ObjectNode toJson(GuestReport report) {
        ObjectNode result = JSON.objectNode();
        result.put("via", report.via().name().toLowerCase(Locale.ROOT));
        result.put("ok", report.ok());
        result.put("elapsedMs", report.elapsed().toMillis());
        ObjectNode protocols = result.putObject("protocols");
        for (ShareReport share : report.shares()) {
            ObjectNode p = protocols.putObject(share.protocol().label());
            p.put("tag", share.tag());
            p.put("mounted", share.mounted());
            p.put("readOk", share.readOk());
            p.put("writeOk", share.writeOk());
            if (!share.ok()) {
                p.put("reason", share.reason().or(report::failure).orElse("the guest did not report it"));
                report.consoleTail().forEach(p.putArray("console")::add);
            }
        }
        report.failure().ifPresent(f -> result.put("reason", f));
        return result;
    }
}
