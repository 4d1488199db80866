package io.virtshare.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtshare.VirtShare;
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
import io.virtshare.storage.FormatType;
import io.virtshare.storage.Pool;
import io.virtshare.storage.PoolInfo;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.Size;
import io.virtshare.storage.Volume;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.storage.VolumeTarget;
import io.virtshare.xml.XmlCodec;
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
import java.util.Locale;

/**
 * Recipe: the quickstart — a walk through what virtshare can do on this machine, on
 * the embedded default: a local work directory, and libvirt's in-process
 * {@code test:///default} driver when the libvirt library is installed (XML files
 * otherwise). It says each step in plain words on stderr, numbered {@code [n]}, and
 * reports the same step as the n-th entry of {@code steps} in its JSON; it ends with
 * everything it wrote ({@code written}) and what to try next.
 *
 * <p>Run: {@code java -jar examples/target/virtshare-examples.jar quickstart [--workdir DIR]};
 * {@code -Dvirtshare.host.unavailable=LIBVIRT_LIBRARY} shows the XML-files way on a host
 * that has libvirt.
 */
public final class Quickstart {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The pool the quickstart defines (or writes as XML), in {@code WORKDIR/pool}. */
    static final String POOL = "quickstart";
    /** The volume the quickstart creates in its pool (or writes as XML). */
    static final String VOLUME = "scratch.qcow2";

    private final Path workdir;
    private final PrintStream log;
    private final HostTools tools;
    private final ObjectNode result = JSON.createObjectNode();
    private final ArrayNode steps = JSON.createArrayNode();
    private final ArrayNode written = JSON.createArrayNode();
    private int step;
    private int domainStep;

    private Quickstart(Path workdir, PrintStream log, HostTools tools) {
        this.workdir = workdir;
        this.log = log;
        this.tools = tools;
    }

    /** Runs the quickstart in a new temporary directory (or the one given as first argument). */
    public static void main(String[] args) throws Exception {
        Path workdir = args.length > 0 ? Path.of(args[0]) : null;
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(run(workdir, System.err)));
    }

    /**
     * Runs the quickstart with the host tools found here, less those named by
     * {@value HostTools#UNAVAILABLE_PROPERTY}.
     *
     * @param workdir where to write; null for a new temporary directory
     * @param log where to say what happens, in plain words
     * @return what was done and written, as JSON
     */
    public static ObjectNode run(Path workdir, PrintStream log) {
        return run(workdir, log, HostTools.detectFromSystemProperty());
    }

    /**
     * Runs the quickstart with {@code tools} as the host tools (KVM is never probed here).
     *
     * @param workdir where to write; null for a new temporary directory
     * @param log where to say what happens, in plain words
     * @param tools which host tools to use; without {@link HostTool#LIBVIRT_LIBRARY} the pool
     *     and volume are written as XML files instead of defined on {@code test:///default}
     * @return what was done and written, as JSON
     */
    public static ObjectNode run(Path workdir, PrintStream log, HostTools tools) {
        Path dir = prepare(workdir, log);
        return new Quickstart(dir, log, tools).walk();
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
        Datastore ds = datastore();
        hfImport(ds);
        virtiofsd();
        storage();
        next(ds);
        result.put("workdir", workdir.toString());
        result.set("steps", steps);
        result.set("written", written);
        log.println();
        log.println("Done. Everything the quickstart wrote is in " + workdir + ":");
        written.forEach(w -> log.println("  " + w.asText()));
        return result;
    }

    /** Says step n on stderr as {@code [n] message}; its JSON entry is the n-th of {@code steps}. */
    private ObjectNode say(String name, String message) {
        log.println("[" + (++step) + "] " + message);
        ObjectNode s = steps.addObject();
        s.put("number", step);
        s.put("step", name);
        return s;
    }

    private void hostTools() {
        ObjectNode s = say("host-tools", "Checking which host tools virtshare can use here (KVM is left to the"
                + " doctor command, which boots a kernel to probe it).");
        ObjectNode report = JSON.createObjectNode();
        int present = 0;
        int probed = 0;
        for (HostTool tool : HostTool.values()) {
            if (tool == HostTool.KVM) {
                log.println("    skipped " + tool.description() + " — run the doctor command for a bounded KVM"
                        + " boot probe");
                continue;
            }
            ToolStatus status = tools.status(tool);
            probed++;
            report.put(tool.name().toLowerCase(Locale.ROOT), status.available());
            if (status.available()) {
                present++;
            }
            log.println("    " + (status.available() ? "found   " : "missing ") + tool.description()
                    + (status.available() ? "" : " — " + status.detail()));
        }
        Path file = write("host-tools.json", report);
        s.put("present", present);
        s.put("of", probed);
        s.put("file", file.toString());
    }

    private void virtiofsd() {
        ObjectNode s = say("virtiofsd", "Looking for virtiofsd, the daemon that serves a host directory to a guest"
                + " over virtiofs.");
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

    private void storage() {
        PoolSpec pool = PoolSpec.dir(POOL).target(workdir.resolve("pool")).build();
        VolumeSpec volume = VolumeSpec.builder(VOLUME).capacity(Size.gib(1)).target(VolumeTarget.of(FormatType.QCOW2))
                .build();
        String why = tools.status(HostTool.LIBVIRT_LIBRARY).available() ? null
                : tools.status(HostTool.LIBVIRT_LIBRARY).detail();
        ObjectNode s = null;
        if (why == null) {
            try (VirtShare host = VirtShare.builder().home(workdir).backend("libvirt").uri("test:///default")
                    .build()) {
                Pool defined = host.pools().create(pool);
                Volume created = defined.volumes().create(volume);
                PoolInfo info = defined.info();
                s = say("storage", "Defining storage pool '" + POOL + "' and creating volume '" + VOLUME
                        + "' in it on libvirt's in-process test driver (test:///default): no daemon, nothing on"
                        + " the host changes.");
                String version = host.features().version().orElse("unknown");
                log.println("    connected: the " + host.backend() + " backend, libvirt " + version);
                log.println("    pool " + defined.name() + " is " + info.state() + " (target " + workdir.resolve("pool")
                        + ", kept in the driver's memory only); volume " + created.name() + " is at "
                        + created.path());
                s.put("uri", host.target());
                s.put("defined", true);
                s.put("libvirtVersion", version);
                s.put("poolState", info.state().name());
                s.put("volumePath", created.path().toString());
            } catch (VirtShareException | LinkageError e) {
                if (s != null) {
                    throw e;
                }
                why = e.getMessage();
            }
        }
        if (s == null) {
            s = say("storage", "libvirt is not usable here (" + why + "), so the quickstart writes the XML of"
                    + " storage pool '" + POOL + "' and volume '" + VOLUME + "' it would define into files instead.");
            s.put("defined", false);
            s.put("reason", why);
        }
        storageFiles(s, pool, volume, s.path("defined").asBoolean() ? "the XML it defined" : "the XML it would define");
    }

    private void storageFiles(ObjectNode s, PoolSpec pool, VolumeSpec volume, String what) {
        XmlCodec codec = XmlCodec.defaults();
        Path poolFile = writeText("pool-" + POOL + ".xml", codec.writePool(pool));
        Path volumeFile = writeText("volume-" + VOLUME + ".xml", codec.writeVolume(volume));
        log.println("    " + what + ": " + poolFile + " and " + volumeFile + "; the domain is in the file of step "
                + domainStep);
        s.put("poolFile", poolFile.toString());
        s.put("volumeFile", volumeFile.toString());
    }

    private Datastore datastore() {
        Path sources = workdir.resolve("sources");
        Path base = workdir.resolve("datastore");
        boolean exists = Datastore.exists(base);
        ObjectNode s = say("datastore", (exists ? "Opening the SharedFS datastore an earlier run created at "
                : "Creating a SharedFS datastore at ") + base + "; only sources under " + sources
                + " may be registered (its SAFE_DIRS).");
        Datastore ds = exists ? Datastore.open(base)
                : Datastore.create(base, DatastoreSpec.sharedFs("quickstart").safeDirs(sources.toString())
                        .restrictedDirs("/"));
        written.add(base.toString());
        s.put("basePath", base.toString());
        s.put("created", !exists);
        ds.spec().safeDirs().forEach(d -> s.withArray("safeDirs").add(d.toString()));
        try {
            Path model = SampleModel.write(sources.resolve("tiny-model"));
            written.add(sources.toString());
            ObjectNode fromDirStep = say("register-directory", "Registering the directory " + model
                    + " (a made-up model: config, tokenizer, 2 MiB of weights).");
            Image fromDir = ds.images().register(model.toString(), ImportOptions.defaults()
                    .withName(unique(ds, "tiny-model")));
            describe(fromDir, fromDirStep);

            Path tarball = SampleModel.tarGz(model, sources.resolve("tiny-model.tar.gz"));
            ObjectNode fromTarStep = say("register-tarball", "Registering the tarball " + tarball
                    + "; it is extracted with tarfile's data-filter rules.");
            Image fromTar = ds.images().register(tarball.toString(), ImportOptions.defaults()
                    .withName(unique(ds, "tiny-model-tar")));
            describe(fromTar, fromTarStep);

            ObjectNode cloneStep = say("clone", "Cloning image " + fromDir.id()
                    + " (reflink when the file system can, else a parallel copy).");
            Image copy = ds.images().clone(fromDir, unique(ds, "tiny-model-ft"));
            describe(copy, cloneStep);

            ObjectNode vmStep = say("filesystem", "Giving image " + fromDir.id() + " to a VM: its virtiofs"
                    + " <filesystem>, attached to a small domain; the domain's memory becomes shared, as virtiofs"
                    + " needs. libvirt before 11.0 refuses read-only virtiofs, so the guest mounts it read-only.");
            domainStep = step;
            FilesystemDevice fs = fromDir.filesystem();
            String domain = DomainXml.parse(SAMPLE_DOMAIN).attach(fs).toXml();
            Path domainFile = workdir.resolve("domain-with-" + fs.target() + ".xml");
            Files.writeString(domainFile, domain);
            written.add(domainFile.toString());
            log.println("    " + fs.toXml());
            log.println("    guest side: mount -t virtiofs -o ro " + fs.target() + " /mnt/" + fromDir.name());
            vmStep.put("filesystem", fs.toXml());
            vmStep.put("domainFile", domainFile.toString());

            ObjectNode refusedStep = say("restricted", "Trying to register /etc, which RESTRICTED_DIRS forbids:");
            try {
                ds.images().register("/etc");
                log.println("    unexpectedly allowed");
                refusedStep.put("refused", false);
            } catch (DatastoreException refused) {
                log.println("    refused: " + refused.getMessage());
                refusedStep.put("refused", true);
                refusedStep.put("reason", refused.getMessage());
            }
            DatastoreUsage usage = ds.monitor();
            ObjectNode monitorStep = say("monitor", "Datastore monitor: " + usage.usedMb() + " MB used of "
                    + usage.totalMb() + " MB, " + usage.freeMb() + " MB free.");
            monitorStep.put("usedMb", usage.usedMb());
            monitorStep.put("totalMb", usage.totalMb());
            monitorStep.put("freeMb", usage.freeMb());
            return ds;
        } catch (IOException e) {
            throw new VirtShareException("cannot write the sample sources in " + sources + ": " + e.getMessage(), e);
        }
    }

    private void hfImport(Datastore ds) {
        String source = "hf://quickstart/tiny-model@v1.0";
        try (FakeHub hub = FakeHub.start()) {
            hub.add(FakeRepo.model("quickstart", "tiny-model")
                    .directory(workdir.resolve("sources").resolve("tiny-model"), 1 << 20).revision("v1.0").build());
            ObjectNode s = say("hf-import", "Importing " + source + " from a fake Hugging Face Hub started here (the"
                    + " testkit's FakeHub at " + hub.endpoint() + "; files of 1 MiB and more come from its CDN, as"
                    + " LFS files do).");
            s.put("source", source);
            HfImporter hf = HfImporter.builder().endpoint(hub.endpoint()).build();
            Image image = ds.images().register(source, ImportOptions.defaults().withName(unique(ds, "tiny-model-hf"))
                    .withImporter(hf));
            describe(image, s);
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

    private void describe(Image image, ObjectNode step) {
        log.println("    image " + image.id() + " '" + image.name() + "' " + image.state() + ": " + image.files()
                + " files, " + image.apparentBytes() + " bytes, in " + image.path());
        ObjectNode node = step.putObject("image");
        node.put("id", image.id());
        node.put("name", image.name());
        node.put("state", image.state().name());
        node.put("path", image.path().toString());
        node.put("apparentBytes", image.apparentBytes());
        node.put("files", image.files());
        image.commit().ifPresent(commit -> node.put("commit", commit));
    }

    private void next(Datastore ds) {
        ObjectNode s = say("next", "What to try next (the guides are in docs/ of the source tree):");
        String jar = runnerJar();
        String pool = workdir.resolve("pool-" + POOL + ".xml").toString();
        String volume = workdir.resolve("volume-" + VOLUME + ".xml").toString();
        next(s, "host tools, with a bounded KVM boot probe", "docs/host-stack.md", jar, "doctor");
        next(s, "register more images in this datastore (add --strip-top-level for an archive of one folder)",
                "docs/datastores.md", jar, "import", "--datastore", ds.basePath().toString(), "SOURCE");
        next(s, "take this pool and volume through a real libvirt daemon", "docs/pools-lifecycle.md", jar,
                "pool-lifecycle", "--uri", "qemu:///system", "--xml", pool, "--volume", volume);
        next(s, "boot a guest with virtiofs and 9p shares and report what it saw", "docs/shares.md", jar,
                "guest-proof");
    }

    private void next(ObjectNode step, String what, String doc, String jar, String... command) {
        log.println("    java -jar " + jar + " " + String.join(" ", command));
        log.println("        " + what + " (" + doc + ")");
        ObjectNode entry = step.withArray("next").addObject();
        entry.put("what", what);
        entry.put("doc", doc);
        ArrayNode words = entry.putArray("command");
        for (String word : command) {
            words.add(word);
        }
    }

    /** The runner jar this code runs from, or its place in the source tree when not run from a jar. */
    private static String runnerJar() {
        try {
            Path location = Path.of(Quickstart.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location.toString();
            }
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException
                | java.nio.file.FileSystemNotFoundException | IllegalArgumentException e) {
            // not from a jar on the local file system
        }
        return "examples/target/virtshare-examples.jar";
    }

    private Path writeText(String name, String content) {
        Path file = workdir.resolve(name);
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new VirtShareException("cannot write " + file + ": " + e.getMessage()
                    + "; check that the work directory is writable", e);
        }
        written.add(file.toString());
        return file;
    }

    private Path write(String name, ObjectNode content) {
        try {
            return writeText(name, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new VirtShareException("cannot write " + name + " as JSON: " + e.getMessage(), e);
        }
    }
}
