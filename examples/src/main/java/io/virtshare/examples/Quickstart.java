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
import io.virtshare.share.VmShares;
import io.virtshare.vm.DeviceScope;
import io.virtshare.vm.Vm;
import io.virtshare.vm.VmSpec;
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
import java.util.function.Predicate;

/**
 * Recipe: the quickstart — a walk through what virtshare can do on this machine, all
 * through one {@link VirtShare} whose home is the work directory: a datastore, images
 * registered into it, a storage pool with a volume, and a VM defined with an image
 * attached as a virtiofs share. The backend is chosen by the SDK itself
 * ({@code VirtShare.builder().home(workdir).uri("test:///default")}, no backend named):
 * sdk-libvirt is on the runner's class path, so where the libvirt library loads it is
 * libvirt on its in-process test driver (no daemon; nothing on the host changes). Where the
 * host tools say libvirt is missing — really, or as
 * {@code -Dvirtshare.host.unavailable=LIBVIRT_LIBRARY} pretends — the quickstart names the
 * {@code xml-files} backend itself, which writes what it defines as libvirt XML under
 * {@code WORKDIR/xml}; the property is the testkit's, so the libvirt backend itself does
 * not read it. The VM's domain XML lands in the work directory either way.
 *
 * <p>It says each step in plain words on stderr, numbered {@code [n]}, and reports the same
 * step as the n-th entry of {@code steps} in its JSON; it ends with everything it wrote
 * ({@code written}) and what to try next.
 *
 * <p>Run: {@code java -jar examples/target/virtshare-examples.jar quickstart [--workdir DIR]};
 * {@code -Dvirtshare.host.unavailable=LIBVIRT_LIBRARY} shows the XML-files way on a host
 * that has libvirt.
 */
public final class Quickstart {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The pool the quickstart defines, with {@code WORKDIR/pool} as its target. */
    static final String POOL = "quickstart";
    /** The volume the quickstart creates in its pool. */
    static final String VOLUME = "scratch.qcow2";
    /** The VM the quickstart defines with an image attached. */
    static final String VM = "quickstart";
    /** The libvirt URI the quickstart asks for: libvirt's in-process test driver. */
    static final String TEST_DRIVER = "test:///default";

    private final Path workdir;
    private final PrintStream log;
    private final HostTools tools;
    private final ObjectNode result = JSON.createObjectNode();
    private final ArrayNode steps = JSON.createArrayNode();
    private final ArrayNode written = JSON.createArrayNode();
    private int step;
    /** Why libvirt is not used, or null when it is. */
    private String withoutLibvirt;
    /** The image the VM is given. */
    private Image shared;

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
        try (VirtShare vs = open()) {
            Datastore ds = datastore(vs);
            hfImport(ds);
            virtiofsd();
            storage(vs);
            vm(vs);
            next(ds);
        }
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

    /**
     * Opens the one {@link VirtShare} of the walk: the backend the SDK chooses (libvirt, as
     * sdk-libvirt is on the class path) on {@value #TEST_DRIVER}, or {@code xml-files} where
     * libvirt is missing or cannot be opened.
     */
    private VirtShare open() {
        ToolStatus libvirt = tools.status(HostTool.LIBVIRT_LIBRARY);
        withoutLibvirt = libvirt.available() ? null : libvirt.detail();
        VirtShare vs = null;
        if (withoutLibvirt == null) {
            try {
                vs = VirtShare.builder().home(workdir).uri(TEST_DRIVER).build();
            } catch (VirtShareException | LinkageError e) {
                withoutLibvirt = e.getMessage();
            }
        }
        if (vs == null) {
            vs = VirtShare.builder().home(workdir).backend("xml-files").build();
            ObjectNode s = say("backend", "Opening virtshare on the xml-files backend: libvirt is not usable here ("
                    + withoutLibvirt + "), so what the quickstart defines is written as libvirt XML files under "
                    + vs.target() + ".");
            s.put("reason", withoutLibvirt);
            written.add(vs.target());
            return described(vs, s);
        }
        ObjectNode s = say("backend", "Opening virtshare on the " + vs.backend() + " backend, chosen by the SDK:"
                + " sdk-libvirt is on the class path and the libvirt library loads; its target is libvirt's in-process"
                + " test driver (" + vs.target() + "): no daemon, nothing on the host changes.");
        String version = vs.features().version().orElse("unknown");
        log.println("    libvirt " + version);
        s.put("libvirtVersion", version);
        return described(vs, s);
    }

    private static VirtShare described(VirtShare vs, ObjectNode step) {
        step.put("backend", vs.backend());
        step.put("target", vs.target());
        step.put("home", vs.home().toString());
        return vs;
    }

    private void storage(VirtShare vs) {
        String poolName = unique(POOL, name -> vs.pools().find(name).isPresent());
        PoolSpec pool = PoolSpec.dir(poolName).target(workdir.resolve("pool")).build();
        VolumeSpec volume = VolumeSpec.builder(VOLUME).capacity(Size.gib(1)).target(VolumeTarget.of(FormatType.QCOW2))
                .build();
        Pool defined = vs.pools().create(pool);
        Volume created = defined.volumes().create(volume);
        PoolInfo info = defined.info();
        ObjectNode s;
        if (withoutLibvirt == null) {
            s = say("storage", "Defining storage pool '" + poolName + "' and creating volume '" + VOLUME
                    + "' in it on libvirt's in-process test driver (" + vs.target() + "): no daemon, nothing on"
                    + " the host changes.");
            log.println("    pool " + defined.name() + " is " + info.state() + " (target " + workdir.resolve("pool")
                    + ", kept in the driver's memory only); volume " + created.name() + " is at "
                    + created.path());
            s.put("uri", vs.target());
            s.put("defined", true);
            s.put("volumePath", created.path().toString());
        } else {
            s = say("storage", "Defining storage pool '" + poolName + "' and creating volume '" + VOLUME
                    + "' in it through the xml-files backend, which writes their XML under " + vs.target()
                    + " instead of touching storage (libvirt is not usable here: " + withoutLibvirt + ").");
            log.println("    pool " + defined.name() + " is " + info.state() + " as the backend records it");
            s.put("defined", false);
            s.put("reason", withoutLibvirt);
        }
        s.put("backend", vs.backend());
        s.put("pool", defined.name());
        s.put("poolState", info.state().name());
        storageFiles(s, pool, volume);
    }

    private void storageFiles(ObjectNode s, PoolSpec pool, VolumeSpec volume) {
        XmlCodec codec = XmlCodec.defaults();
        Path poolFile = writeText("pool-" + POOL + ".xml", codec.writePool(pool));
        Path volumeFile = writeText("volume-" + VOLUME + ".xml", codec.writeVolume(volume));
        log.println("    the pool and volume as the quickstart asked for them: " + poolFile + " and " + volumeFile);
        s.put("poolFile", poolFile.toString());
        s.put("volumeFile", volumeFile.toString());
    }

    private Datastore datastore(VirtShare vs) {
        Path sources = workdir.resolve("sources");
        Path base = workdir.resolve("datastore");
        java.util.Optional<Datastore> earlier = vs.datastores().find(base);
        boolean exists = earlier.isPresent();
        ObjectNode s = say("datastore", (exists ? "Opening the SharedFS datastore an earlier run created at "
                : "Creating a SharedFS datastore at ") + base + "; only sources under " + sources
                + " may be registered (its SAFE_DIRS).");
        Datastore ds = earlier.orElseGet(() -> vs.datastores().create(base, DatastoreSpec.sharedFs("quickstart")
                .safeDirs(sources.toString()).restrictedDirs("/").build()));
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

            shared = fromDir;

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

    private void vm(VirtShare vs) {
        String name = unique(VM, n -> vs.vms().find(n).isPresent());
        ObjectNode s = say("vm", "Defining VM '" + name + "' with image " + shared.id() + " attached as a virtiofs"
                + " share in its persistent definition (DeviceScope.CONFIG); the VM's memory becomes shared, as"
                + " virtiofs needs. libvirt before 11.0 refuses read-only virtiofs, so the guest mounts it read-only.");
        Vm vm = vs.vms().define(VmSpec.builder(name).shares(VmShares.none(vs.stateDirectory(name))).build());
        FilesystemDevice fs = vm.attach(shared.filesystem(), DeviceScope.CONFIG);
        Path domainFile = writeText("vm-" + name + ".xml", vm.xml(DeviceScope.CONFIG));
        Path stateDirectories = workdir.resolve("vms");
        if (Files.exists(stateDirectories)) {
            written.add(stateDirectories.toString());
        }
        String device = vs.xml().writeFilesystem(fs);
        log.println("    " + device.strip().replace("\n", "\n    "));
        log.println("    guest side: mount -t virtiofs -o ro " + fs.target() + " /mnt/" + shared.name());
        log.println("    the VM's definition, as the " + vs.backend() + " backend holds it: " + domainFile);
        s.put("name", name);
        s.put("backend", vs.backend());
        s.put("filesystem", device);
        s.put("domainFile", domainFile.toString());
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
        return unique(name, candidate -> ds.images().findByName(candidate).isPresent());
    }

    /** {@code name}, or {@code name-2}, {@code name-3}… : the first that is not {@code taken} (an earlier run's). */
    private static String unique(String name, Predicate<String> taken) {
        String candidate = name;
        for (int i = 2; taken.test(candidate); i++) {
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
