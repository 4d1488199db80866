package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.examples.GuestProofRecipe;
import io.virtshare.share.ShareProtocol;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.guest.GuestReport;
import io.virtshare.testkit.guest.GuestVia;
import io.virtshare.testkit.guest.ShareReport;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code guest-proof [--protocol virtiofs|9p|both] [--via qemu|libvirt]}: boots a guest
 * with one share per protocol and prints, per protocol, whether it was mounted, read and
 * written (both checked on the host) — and on failure the reason and the guest's last
 * console lines. Exit 1 when a needed tool is missing or the proof fails.
 */
final class GuestProofCommand implements Command {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Supplier<HostTools> tools;

    GuestProofCommand() {
        this(HostTools::detectFromSystemProperty);
    }

    /** With another host tool detection, e.g. one that simulates a missing tool. */
    GuestProofCommand(Supplier<HostTools> tools) {
        this.tools = tools;
    }

    @Override
    public String name() {
        return "guest-proof";
    }

    @Override
    public String synopsis() {
        return "guest-proof [--protocol virtiofs|9p|both] [--via qemu|libvirt]";
    }

    @Override
    public JsonNode run(List<String> words, Console console) throws IOException {
        Args args = Args.parse(words, Set.of("protocol", "via"), Set.of()).noOperands();
        Set<ShareProtocol> protocols = switch (args.option("protocol").orElse("both")) {
            case "virtiofs" -> EnumSet.of(ShareProtocol.VIRTIOFS);
            case "9p" -> EnumSet.of(ShareProtocol.NINE_P);
            case "both" -> EnumSet.of(ShareProtocol.VIRTIOFS, ShareProtocol.NINE_P);
            default -> throw new UsageException("--protocol is virtiofs, 9p or both");
        };
        GuestVia via = switch (args.option("via").orElse("qemu")) {
            case "qemu" -> GuestVia.QEMU;
            case "libvirt" -> GuestVia.LIBVIRT;
            default -> throw new UsageException("--via is qemu or libvirt");
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
        return result;
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
