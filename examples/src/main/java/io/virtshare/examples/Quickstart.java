package io.virtshare.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.VirtShareException;
import io.virtshare.datastore.Datastore;
import io.virtshare.datastore.DatastoreException;
import io.virtshare.datastore.DatastoreSpec;
import io.virtshare.datastore.DatastoreUsage;
import io.virtshare.datastore.Image;
import io.virtshare.datastore.ImportOptions;
import io.virtshare.domain.DomainXml;
import io.virtshare.domain.FilesystemDevice;
import io.virtshare.hf.HfImporter;
import io.virtshare.libvirt.LibvirtHost;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import io.virtshare.testkit.ToolStatus;
import io.virtshare.testkit.hf.FakeHub;
import io.virtshare.testkit.hf.FakeRepo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;

/**
 * Recipe: the quickstart — a walk through what virtshare can do on this machine, on
 * the embedded default: a local work directory, and libvirt's in-process
 * {@code test:///default} driver when the libvirt library is installed (XML files
 * otherwise). It says each step in plain words on stderr and ends with where it wrote
 * things.
 *
 * <p>Run: {@code java -jar examples/target/virtshare-examples.jar quickstart [--workdir DIR]}.
 */
public final class Quickstart {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workdir;
    private final PrintStream log;
    private final ObjectNode result = JSON.createObjectNode();
    private final ArrayNode steps = JSON.createArrayNode();
    private final ArrayNode written = JSON.createArrayNode();
    private int step;

    private Quickstart(Path workdir, PrintStream log) {
        this.workdir = workdir;
        this.log = log;
    }

    /** Runs the quickstart in a new temporary directory (or the one given as first argument). */
    public static void main(String[] args) throws Exception {
        Path workdir = args.length > 0 ? Path.of(args[0]) : null;
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(run(workdir, System.err)));
    }

    /**
     * Runs the quickstart.
     *
     * @param workdir where to write; null for a new temporary directory
     * @param log where to say what happens, in plain words
     * @return what was done and written, as JSON
     */
    public static ObjectNode run(Path workdir, PrintStream log) {
        Path dir = prepare(workdir, log);
        return new Quickstart(dir, log).walk();
    }

    private static Path prepare(Path workdir, PrintStream log) {
        try {
            if (workdir == null) {
                Path dir = Files.createTempDirectory("virtshare-quickstart-");
                log.println("virtshare quickstart: working in a new directory, " + dir);
                return dir;
            }
            if (Files.exists(workdir) && !Files.isDirectory(workdir)) {
                throw new VirtShareException(workdir + " exists and is not a directory; give --workdir a directory"
                        + " (it is created when missing)");
            }
            Files.createDirectories(workdir);
            log.println("virtshare quickstart: working in " + workdir.toAbsolutePath());
            return workdir.toAbsolutePath();
        } catch (IOException e) {
            throw new VirtShareException("cannot create the work directory " + workdir + ": " + e.getMessage()
                    + "; give --workdir a directory you can write to", e);
        }
    }

    private ObjectNode walk() {
        hostTools();
        hfImport(datastore());
        virtiofsd();
        libvirt();
        comingNext();
        result.put("workdir", workdir.toString());
        result.set("steps", steps);
        result.set("written", written);
        log.println();
        log.println("Done. Everything the quickstart wrote is in " + workdir + ":");
        written.forEach(w -> log.println("  " + w.asText()));
        return result;
    }

    private void say(String message) {
        log.println("[" + (++step) + "] " + message);
    }

    private void hostTools() {
        say("Checking which host tools virtshare can use here (the doctor command adds a KVM boot probe).");
        HostTools tools = HostTools.detectWithout(EnumSet.of(HostTool.KVM),
                "not probed by the quickstart; run the doctor command for a bounded KVM boot probe");
        ObjectNode report = JSON.createObjectNode();
        int present = 0;
        for (ToolStatus status : tools.all()) {
            report.put(status.tool().name().toLowerCase(Locale.ROOT), status.available());
            if (status.available()) {
                present++;
            }
            String state = status.tool() == HostTool.KVM ? "skipped " : status.available() ? "found   " : "missing ";
            log.println("    " + state + status.tool().description()
                    + (status.available() ? "" : " — " + status.detail()));
        }
        Path file = write("host-tools.json", report);
        ObjectNode s = steps.addObject();
        s.put("step", "host-tools");
        s.put("present", present);
        s.put("of", HostTool.values().length);
        s.put("file", file.toString());
    }

    private void virtiofsd() {
        say("Looking for virtiofsd, the daemon that serves a host directory to a guest over virtiofs.");
        ObjectNode s = steps.addObject();
        s.put("step", "virtiofsd");
        VirtiofsdBinary.find().ifPresentOrElse(daemon -> {
            log.println("    " + daemon.path() + ": the " + (daemon.takesLongOptions() ? "Rust" : "C")
                    + " flavour, version " + daemon.version()
                    + (daemon.takesLongOptions() ? " (takes long options such as --shared-dir)"
                            : " (takes -o source=DIR style options)"));
            s.put("found", true);
            s.put("path", daemon.path().toString());
            s.put("flavour", daemon.flavour().name().toLowerCase(Locale.ROOT));
            s.put("version", daemon.version());
        }, () -> {
            log.println("    none found: virtiofs shares need it (Debian 12: qemu-system-common;"
                    + " newer: virtiofsd); 9p shares work without it");
            s.put("found", false);
        });
    }

    private void libvirt() {
        say("Connecting to libvirt's in-process test driver (test:///default): no daemon, nothing on the host"
                + " changes.");
        ObjectNode s = steps.addObject();
        s.put("step", "libvirt");
        s.put("uri", "test:///default");
        try (LibvirtHost host = LibvirtHost.connect("test:///default")) {
            ObjectNode info = JSON.createObjectNode();
            info.put("uri", host.canonicalUri());
            info.put("hypervisor", host.hypervisor());
            info.put("libvirtVersion", host.libvirtVersion().toString());
            info.put("hostname", host.hostname());
            log.println("    connected: hypervisor " + host.hypervisor() + ", libvirt " + host.libvirtVersion());
            s.put("connected", true);
            s.put("file", write("libvirt-test-host.json", info).toString());
        } catch (VirtShareException e) {
            log.println("    libvirt is not usable here (" + e.getMessage() + ");"
                    + " the quickstart goes on with XML files only");
            s.put("connected", false);
            s.put("reason", e.getMessage());
        }
    }

    private Datastore datastore() {
        Path sources = workdir.resolve("sources");
        Path base = workdir.resolve("datastore");
        say("Creating a SharedFS datastore at " + base + "; only sources under " + sources
                + " may be registered (its SAFE_DIRS).");
        Datastore ds = Datastore.exists(base) ? Datastore.open(base)
                : Datastore.create(base, DatastoreSpec.sharedFs("quickstart").safeDirs(sources.toString())
                        .restrictedDirs("/"));
        written.add(base.toString());
        ObjectNode s = steps.addObject();
        s.put("step", "datastore");
        s.put("basePath", base.toString());
        ArrayNode images = s.putArray("images");
        try {
            Path model = SampleModel.write(sources.resolve("tiny-model"));
            say("Registering the directory " + model + " (a made-up model: config, tokenizer, 2 MiB of weights).");
            Image fromDir = ds.images().register(model.toString(), ImportOptions.defaults()
                    .withName(unique(ds, "tiny-model")));
            describe(fromDir, images);

            Path tarball = SampleModel.tarGz(model, sources.resolve("tiny-model.tar.gz"));
            say("Registering the tarball " + tarball + "; it is extracted with tarfile's data-filter rules.");
            Image fromTar = ds.images().register(tarball.toString(), ImportOptions.defaults()
                    .withName(unique(ds, "tiny-model-tar")));
            describe(fromTar, images);

            say("Cloning image " + fromDir.id() + " (reflink when the file system can, else a parallel copy).");
            Image copy = ds.images().clone(fromDir.id(), unique(ds, "tiny-model-ft"));
            describe(copy, images);

            say("Giving image " + fromDir.id() + " to a VM: its virtiofs <filesystem>, attached to a small domain;"
                    + " the domain's memory becomes shared, as virtiofs needs. libvirt before 11.0 refuses read-only"
                    + " virtiofs, so the guest mounts it read-only.");
            FilesystemDevice fs = fromDir.filesystem();
            String domain = DomainXml.parse(SAMPLE_DOMAIN).attach(fs).toXml();
            Path domainFile = workdir.resolve("domain-with-" + fs.target() + ".xml");
            Files.writeString(domainFile, domain);
            written.add(domainFile.toString());
            log.println("    " + fs.toXml());
            log.println("    guest side: mount -t virtiofs -o ro " + fs.target() + " /mnt/" + fromDir.name());
            s.put("filesystem", fs.toXml());
            s.put("domainFile", domainFile.toString());

            say("Trying to register /etc, which RESTRICTED_DIRS forbids:");
            try {
                ds.images().register("/etc");
                log.println("    unexpectedly allowed");
            } catch (DatastoreException refused) {
                log.println("    refused: " + refused.getMessage());
                s.put("refused", refused.getMessage());
            }
            DatastoreUsage usage = ds.monitor();
            say("Datastore monitor: " + usage.usedMb() + " MB used of " + usage.totalMb() + " MB, "
                    + usage.freeMb() + " MB free.");
            s.put("usedMb", usage.usedMb());
            s.put("totalMb", usage.totalMb());
            s.put("freeMb", usage.freeMb());
            return ds;
        } catch (IOException e) {
            throw new VirtShareException("cannot write the sample sources in " + sources + ": " + e.getMessage(), e);
        }
    }

    private void hfImport(Datastore ds) {
        String source = "hf://quickstart/tiny-model@v1.0";
        ObjectNode s = steps.addObject();
        s.put("step", "hf-import");
        s.put("source", source);
        try (FakeHub hub = FakeHub.start()) {
            hub.add(FakeRepo.model("quickstart", "tiny-model")
                    .directory(workdir.resolve("sources").resolve("tiny-model"), 1 << 20).revision("v1.0").build());
            say("Importing " + source + " from a fake Hugging Face Hub started here (the testkit's FakeHub at "
                    + hub.endpoint() + "; files of 1 MiB and more come from its CDN, as LFS files do).");
            HfImporter hf = HfImporter.builder().endpoint(hub.endpoint()).build();
            Image image = ds.images().register(source, ImportOptions.defaults().withName(unique(ds, "tiny-model-hf"))
                    .withImporter(hf));
            describe(image, s.putArray("images"));
            log.println("    every file verified (sha256 for LFS files, git blob sha1 for the others); revision v1.0"
                    + " pinned to commit " + image.commit().orElse("?"));
        }
    }

    /** A minimal QEMU domain to attach filesystems to. */
    public static final String SAMPLE_DOMAIN = """
            <domain type='qemu'>
              <name>quickstart</name>
              <memory unit='MiB'>512</memory>
              <currentMemory unit='MiB'>512</currentMemory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='q35'>hvm</type>
              </os>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <console type='pty'/>
              </devices>
            </domain>
            """;

    private static String unique(Datastore ds, String name) {
        String candidate = name;
        for (int i = 2; ds.images().findByName(candidate).isPresent(); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    private void describe(Image image, ArrayNode into) {
        log.println("    image " + image.id() + " '" + image.name() + "' " + image.state() + ": " + image.files()
                + " files, " + image.apparentBytes() + " bytes, in " + image.path());
        ObjectNode node = into.addObject();
        node.put("id", image.id());
        node.put("name", image.name());
        node.put("state", image.state().name());
        node.put("path", image.path().toString());
        node.put("apparentBytes", image.apparentBytes());
        node.put("files", image.files());
        image.commit().ifPresent(commit -> node.put("commit", commit));
    }

    private void comingNext() {
        say("What this version of virtshare does not do yet (each arrives with its own capability):");
        log.println("    typed libvirt pool/volume XML and lifecycle, a supervised virtiofsd,");
        log.println("    9p shares, guest mounts, and guest proofs.");
        ObjectNode s = steps.addObject();
        s.put("step", "coming-next");
    }

    private Path write(String name, ObjectNode content) {
        Path file = workdir.resolve(name);
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
        } catch (IOException e) {
            throw new VirtShareException("cannot write " + file + ": " + e.getMessage()
                    + "; check that the work directory is writable", e);
        }
        written.add(file.toString());
        return file;
    }
}
