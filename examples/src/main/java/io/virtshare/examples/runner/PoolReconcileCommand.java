package io.virtshare.examples.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.storage.PoolChange;
import io.virtshare.storage.PoolDeclaration;
import io.virtshare.storage.PoolDrift;
import io.virtshare.storage.PoolReconcile;
import io.virtshare.storage.PoolRefusal;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.ReconcileReport;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.xml.XmlCodec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pool-reconcile [--dry-run] [--autostart yes|no] [--connect-timeout SECONDS] --xml POOL.xml
 * [--volume VOL.xml,…] URI…}: brings each host to the pool (and volumes) declared in the files with
 * {@link PoolReconcile}, or with {@code --dry-run} only says what it would do; one JSON entry per
 * host with the drift found field by field, the changes and what was refused.
 *
 * <pre>
 * java -jar virtshare-examples.jar pool-reconcile --dry-run --xml pool.xml --volume vol.xml qemu:///system qemu+ssh://root@kvm2/system
 * </pre>
 */
final class PoolReconcileCommand implements Command {

    @Override
    public String name() {
        return "pool-reconcile";
    }

    @Override
    public String synopsis() {
        return "pool-reconcile [--dry-run] [--autostart yes|no] [--connect-timeout SECONDS] --xml POOL.xml"
                + " [--volume VOL.xml,…] URI…";
    }

    @Override
    public Output run(List<String> words, Console console) {
        Args args = Args.parse(words, Set.of("xml", "volume", "autostart", "connect-timeout"), Set.of("dry-run"));
        List<String> uris = args.operands();
        if (uris.isEmpty()) {
            throw new UsageException("give at least one libvirt URI, e.g. qemu:///system qemu+ssh://root@kvm2/system");
        }
        StorageFiles files = new StorageFiles(XmlCodec.defaults());
        PoolSpec pool = files.pool(console.path(args.option("xml").orElseThrow(() -> new UsageException(
                "--xml POOL.xml is required: the libvirt XML of the pool to reconcile"))));
        List<VolumeSpec> volumes = args.option("volume").map(v -> Arrays.stream(v.split(",")).filter(f -> !f.isBlank())
                .map(f -> files.volume(console.path(f.strip()), pool.type())).toList()).orElse(List.of());
        Optional<Boolean> autostart = args.option("autostart").map(PoolReconcileCommand::yesNo);
        PoolDeclaration declared = new PoolDeclaration(pool, volumes, autostart);
        boolean dryRun = args.flag("dry-run");
        PoolReconcile reconcile = PoolReconcile.builder().connectTimeout(connectTimeout(args)).build();
        List<ReconcileReport> reports = dryRun ? reconcile.plan(List.of(declared), uris)
                : reconcile.apply(List.of(declared), uris);

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("pool", declared.name());
        result.put("dryRun", dryRun);
        ArrayNode hosts = result.putArray("hosts");
        int troubled = 0;
        for (ReconcileReport report : reports) {
            hosts.add(host(report));
            console.say(summary(report, dryRun));
            if (!(report instanceof ReconcileReport.Reconciled) || !report.refusals().isEmpty()) {
                troubled++;
            }
        }
        result.put("ok", troubled == 0);
        if (troubled > 0) {
            throw new FailedWithResult(result, troubled + " of " + reports.size() + (reports.size() == 1 ? " host" : " hosts")
                    + " not reconciled: see each host's refused and error in the JSON");
        }
        return new Output.Tree(result);
    }

    private static boolean yesNo(String value) {
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new UsageException("--autostart takes yes or no, not '" + value + "'");
        };
    }

    private static Duration connectTimeout(Args args) {
        String given = args.option("connect-timeout").orElse("30");
        try {
            long seconds = Long.parseLong(given);
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // the message below says what to give
        }
        throw new UsageException("--connect-timeout takes whole seconds from 1 to 3600, not '" + given + "'");
    }

    private static String summary(ReconcileReport report, boolean dryRun) {
        String verb = dryRun ? "would make" : "made";
        return switch (status(report)) {
            case "unreachable" -> report.uri() + ": unreachable: " + report.error().orElseThrow().getMessage();
            case "failed" -> report.uri() + ": failed after " + report.changes().size() + " changes: "
                    + report.error().orElseThrow().getMessage();
            default -> report.uri() + ": " + (report.nothingToDo() ? "nothing to do"
                    : report.drift().size() + " drifted fields, " + verb + " " + report.changes().size() + " changes, "
                    + report.refusals().size() + " refused");
        };
    }

    private static String status(ReconcileReport report) {
        if (report instanceof ReconcileReport.Unreachable) {
            return "unreachable";
        }
        return report instanceof ReconcileReport.Failed ? "failed" : "reconciled";
    }

    private static ObjectNode host(ReconcileReport report) {
        ObjectNode host = JsonNodeFactory.instance.objectNode();
        host.put("uri", report.uri());
        host.put("status", status(report));
        host.put("nothingToDo", report.nothingToDo());
        ArrayNode drift = host.putArray("drift");
        for (PoolDrift d : report.drift()) {
            ObjectNode field = drift.addObject().put("pool", d.pool());
            d.volume().ifPresent(v -> field.put("volume", v));
            field.put("field", d.field());
            d.expected().ifPresent(v -> field.put("declared", v));
            d.actual().ifPresent(v -> field.put("live", v));
        }
        ArrayNode changes = host.putArray("changes");
        report.changes().forEach(c -> changes.add(change(c)));
        ArrayNode refused = host.putArray("refused");
        for (PoolRefusal r : report.refusals()) {
            ObjectNode entry = refused.addObject().put("pool", r.pool());
            r.volume().ifPresent(v -> entry.put("volume", v));
            entry.put("reason", r.reason());
        }
        if (report instanceof ReconcileReport.Failed failed) {
            failed.failed().ifPresent(c -> host.set("failedChange", change(c)));
        }
        report.error().ifPresent(e -> host.put("error", e.getMessage()));
        return host;
    }

    private static ObjectNode change(PoolChange change) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        String kind;
        if (change instanceof PoolChange.Define) {
            kind = "define";
        } else if (change instanceof PoolChange.Redefine) {
            kind = "redefine";
        } else if (change instanceof PoolChange.Start) {
            kind = "start";
        } else if (change instanceof PoolChange.Autostart a) {
            kind = "autostart";
            details.put("on", a.on());
        } else if (change instanceof PoolChange.CreateVolume v) {
            kind = "create-volume";
            details.put("volume", v.volume()).put("capacityBytes", v.capacity().bytes());
        } else {
            PoolChange.GrowVolume g = (PoolChange.GrowVolume) change;
            kind = "grow-volume";
            details.put("volume", g.volume()).put("fromBytes", g.from().bytes()).put("toBytes", g.to().bytes());
        }
        ObjectNode entry = JsonNodeFactory.instance.objectNode().put("change", kind).put("pool", change.pool());
        entry.setAll(details);
        return entry.put("description", change.describe());
    }
}
