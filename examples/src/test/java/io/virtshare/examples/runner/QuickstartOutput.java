package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtshare.share.virtiofsd.VirtiofsdBinary;
import io.virtshare.storage.PoolSpec;
import io.virtshare.storage.PoolType;
import io.virtshare.storage.VolumeSpec;
import io.virtshare.testkit.HostTool;
import io.virtshare.xml.XmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the quickstart's output step by step: the n-th entry of {@code steps} in the JSON
 * on stdout against the {@code [n]} line (and the lines under it) on stderr, and what each
 * step says it did against the files and images it names.
 */
final class QuickstartOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("^\\[(\\d+)\\] (.*)$");
    private static final List<String> NAMES = List.of("host-tools", "backend", "datastore", "register-directory",
            "register-tarball", "clone", "restricted", "monitor", "hf-import", "virtiofsd", "storage", "vm", "next");

    private final JsonNode result;
    private final List<String> headlines = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final String stderr;

    QuickstartOutput(JsonNode result, String stderr) {
        this.result = result;
        this.stderr = stderr;
        StringBuilder block = null;
        for (String line : stderr.split("\n")) {
            Matcher m = STEP.matcher(line);
            if (m.matches()) {
                assertThat(Integer.parseInt(m.group(1))).as("step numbers count up from 1").isEqualTo(
                        headlines.size() + 1);
                headlines.add(m.group(2));
                if (block != null) {
                    details.add(block.toString());
                }
                block = new StringBuilder();
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        if (block != null) {
            details.add(block.toString());
        }
    }

    /** The JSON entry of step {@code name}, checked to be the n-th with the n-th line on stderr. */
    JsonNode step(String name) {
        int index = NAMES.indexOf(name);
        JsonNode step = result.path("steps").path(index);
        assertThat(step.path("step").asText()).isEqualTo(name);
        assertThat(step.path("number").asInt()).isEqualTo(index + 1);
        return step;
    }

    String headline(String name) {
        return headlines.get(NAMES.indexOf(name));
    }

    /** The lines under step {@code name}'s headline on stderr. */
    String detail(String name) {
        return details.get(NAMES.indexOf(name));
    }

    /** Checks every step but {@code storage}, which depends on libvirt; returns the work directory. */
    Path checkCommonSteps(Path workdir) throws IOException {
        assertThat(result.path("workdir").asText()).isEqualTo(workdir.toString());
        assertThat(headlines).as("one line per step on stderr").hasSameSizeAs(NAMES);
        assertThat(result.path("steps")).hasSameSizeAs(NAMES);
        for (String name : NAMES) {
            step(name);
        }
        Path sources = workdir.resolve("sources");

        JsonNode tools = step("host-tools");
        JsonNode report = JSON.readTree(Files.readString(Path.of(tools.path("file").asText())));
        assertThat(report.size()).isEqualTo(HostTool.values().length - 1).isEqualTo(tools.path("of").asInt());
        assertThat(report.has("kvm")).as("KVM is not probed, so not reported").isFalse();
        int present = 0;
        for (JsonNode found : report) {
            present += found.asBoolean() ? 1 : 0;
        }
        assertThat(tools.path("present").asInt()).isEqualTo(present);
        assertThat(detail("host-tools")).contains("skipped usable KVM acceleration — run the doctor command");
        assertThat(detail("host-tools").lines().filter(l -> l.startsWith("    found   ")).count()).isEqualTo(present);

        JsonNode datastore = step("datastore");
        Path base = workdir.resolve("datastore");
        assertThat(datastore.path("basePath").asText()).isEqualTo(base.toString());
        assertThat(datastore.path("created").asBoolean()).isTrue();
        assertThat(headline("datastore")).isEqualTo("Creating a SharedFS datastore at " + base
                + "; only sources under " + sources + " may be registered (its SAFE_DIRS).");
        assertThat(datastore.path("safeDirs").get(0).asText()).isEqualTo(sources.toString());
        assertThat(Files.readString(base.resolve(".virtshare/datastore.conf"))).containsPattern("SAFE_DIRS *= \"" + sources
                + "\"");

        JsonNode fromDir = image("register-directory");
        assertThat(headline("register-directory")).startsWith("Registering the directory "
                + sources.resolve("tiny-model") + " ");
        JsonNode fromTar = image("register-tarball");
        assertThat(headline("register-tarball")).startsWith("Registering the tarball "
                + sources.resolve("tiny-model.tar.gz") + ";");
        assertThat(Path.of(fromTar.path("path").asText()).resolve("weights/part-1.bin"))
                .hasSameBinaryContentAs(sources.resolve("tiny-model/weights/part-1.bin"));
        JsonNode copy = image("clone");
        assertThat(headline("clone")).startsWith("Cloning image " + fromDir.path("id").asInt() + " ");
        assertThat(copy.path("id").asInt()).isNotEqualTo(fromDir.path("id").asInt());

        JsonNode backend = step("backend");
        assertThat(backend.path("home").asText()).as("the one VirtShare's home is the work directory")
                .isEqualTo(workdir.toString());

        JsonNode vm = step("vm");
        Path domainFile = Path.of(vm.path("domainFile").asText());
        assertThat(domainFile.getParent()).isEqualTo(workdir);
        String domain = Files.readString(domainFile);
        assertThat(domain).containsPattern("<name>" + vm.path("name").asText() + "</name>")
                .containsPattern("<source dir=['\"]" + Pattern.quote(fromDir.path("path").asText()) + "['\"]/>")
                .contains("memfd").containsPattern("<access mode=['\"]shared['\"]/>");
        assertThat(vm.path("backend").asText()).isEqualTo(backend.path("backend").asText());
        assertThat(headline("vm")).startsWith("Defining VM '" + vm.path("name").asText() + "' with image "
                + fromDir.path("id").asInt() + " attached as a virtiofs share");
        assertThat(detail("vm")).contains("mount -t virtiofs ").contains(domainFile.toString());

        JsonNode refused = step("restricted");
        assertThat(refused.path("refused").asBoolean()).isTrue();
        assertThat(refused.path("reason").asText()).contains("/etc").contains("RESTRICTED_DIRS");
        assertThat(detail("restricted")).contains("refused: " + refused.path("reason").asText());

        JsonNode monitor = step("monitor");
        assertThat(headline("monitor")).isEqualTo("Datastore monitor: " + monitor.path("usedMb").asLong()
                + " MB used of " + monitor.path("totalMb").asLong() + " MB, " + monitor.path("freeMb").asLong()
                + " MB free.");
        assertThat(monitor.path("usedMb").asLong()).isPositive();

        JsonNode hf = image("hf-import");
        assertThat(hf.path("commit").asText()).matches("[0-9a-f]{40}");
        assertThat(headline("hf-import")).startsWith("Importing hf://quickstart/tiny-model@v1.0 from a fake");
        assertThat(detail("hf-import")).contains("pinned to commit " + hf.path("commit").asText());
        assertThat(Path.of(hf.path("path").asText()).resolve("weights/part-1.bin"))
                .hasSameBinaryContentAs(sources.resolve("tiny-model/weights/part-1.bin"));

        JsonNode virtiofsd = step("virtiofsd");
        assertThat(virtiofsd.path("found").asBoolean()).isEqualTo(VirtiofsdBinary.find().isPresent());
        if (virtiofsd.path("found").asBoolean()) {
            assertThat(detail("virtiofsd")).contains(virtiofsd.path("path").asText());
        }

        checkNext();
        checkWritten(workdir);
        return workdir;
    }

    /** An image step: its image READY, with the sample model's files, described on stderr. */
    private JsonNode image(String step) {
        JsonNode image = step(step).path("image");
        assertThat(image.path("state").asText()).isEqualTo("READY");
        Path path = Path.of(image.path("path").asText());
        assertThat(path.resolve("config.json")).isRegularFile();
        assertThat(image.path("files").asInt()).isEqualTo(4);
        assertThat(detail(step)).contains("image " + image.path("id").asInt() + " '" + image.path("name").asText()
                + "' READY: 4 files, " + image.path("apparentBytes").asLong() + " bytes, in " + path);
        return image;
    }

    /** The storage step: pool and volume XML in files, readable by the codec, listed in written. */
    JsonNode checkStorageFiles(Path workdir) throws IOException {
        JsonNode storage = step("storage");
        Path poolFile = Path.of(storage.path("poolFile").asText());
        Path volumeFile = Path.of(storage.path("volumeFile").asText());
        assertThat(poolFile.getParent()).isEqualTo(workdir);
        PoolSpec pool = XmlCodec.defaults().readPool(Files.readString(poolFile));
        assertThat(pool.type()).isEqualTo(PoolType.DIR);
        assertThat(pool.name()).hasValue("quickstart");
        assertThat(Files.readString(poolFile)).contains("<path>" + workdir.resolve("pool") + "</path>");
        VolumeSpec volume = XmlCodec.defaults().readVolume(Files.readString(volumeFile));
        assertThat(volume.name()).isEqualTo("scratch.qcow2");
        assertThat(volume.problemsFor(PoolType.DIR)).isEmpty();
        assertThat(texts(result.path("written"))).contains(poolFile.toString(), volumeFile.toString());
        assertThat(detail("storage")).contains(poolFile + " and " + volumeFile);
        assertThat(storage.path("backend").asText()).isEqualTo(step("backend").path("backend").asText());
        return storage;
    }

    private void checkNext() {
        JsonNode next = step("next").path("next");
        assertThat(next).hasSize(4);
        String usage = ExamplesRunner.standard().usage();
        for (JsonNode entry : next) {
            List<String> command = texts(entry.path("command"));
            assertThat(usage).as("a command of the runner").contains("  " + command.get(0) + " ");
            assertThat(Path.of("..").resolve(entry.path("doc").asText())).as("a guide in docs/").isRegularFile();
            assertThat(detail("next")).contains(" " + String.join(" ", command) + "\n");
            for (int i = 0; i < command.size() - 1; i++) {
                if (command.get(i).equals("--xml") || command.get(i).equals("--volume")
                        || command.get(i).equals("--datastore")) {
                    assertThat(Path.of(command.get(i + 1))).as("the file or directory it names").exists();
                }
            }
        }
    }

    private void checkWritten(Path workdir) {
        List<String> written = texts(result.path("written"));
        assertThat(written).contains(workdir.resolve("host-tools.json").toString(),
                workdir.resolve("datastore").toString(), workdir.resolve("sources").toString(),
                step("vm").path("domainFile").asText());
        assertThat(written).doesNotHaveDuplicates();
        String done = stderr.substring(stderr.indexOf("Done. Everything the quickstart wrote is in " + workdir + ":"));
        for (String file : written) {
            assertThat(Path.of(file)).startsWith(workdir).exists();
            assertThat(done).contains("\n  " + file + "\n");
        }
        try (var entries = Files.list(workdir)) {
            assertThat(entries.map(Path::toString).toList()).as("everything in the work directory is listed")
                    .containsExactlyInAnyOrderElementsOf(written);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
