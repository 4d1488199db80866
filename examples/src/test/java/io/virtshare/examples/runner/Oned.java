package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.internal.shared.TreeDeleter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Plays oned against the datastore driver scripts of the built
 * {@code target/virtshare-one-datastore.tar.gz}, unpacked into a "remotes" directory as an admin
 * does: builds {@code DS_DRIVER_ACTION_DATA} the way oned does (IMAGE and DATASTORE templates,
 * DATASTORE's own TEMPLATE child, values in CDATA), sends it base64 on standard input to
 * {@code <remotes>/datastore/<driver>/<action> <image id>} run as a process, and reads the answer
 * with oned's rules (OpenNebula's {@code DriverExecHelper#get_info_from_execution}): exit 0 means
 * success and stdout is the result; each stderr line, stripped, that matches
 * {@code ^(ERROR|INFO|WARN|DEBUG):\s+(\d+)?\s*(.*)$} is a log line (with that severity, an
 * optional object id, and the text), sent to oned whatever the exit code; the other stripped lines,
 * concatenated, are the error message of a failure.
 *
 * <p>A test class that runs drivers in most of its tests registers it once for all of them:
 * <pre>{@code
 * @RegisterExtension
 * static final Oned oned = Oned.perClass();
 * }</pre>
 */
final class Oned implements BeforeAllCallback, AfterAllCallback {
    static final Path ARTIFACT = Path.of("target", "virtshare-one-datastore.tar.gz").toAbsolutePath();
    private static final Pattern LOG = Pattern.compile("^(ERROR|INFO|WARN|DEBUG):\\s+(\\d+)?\\s*(.*)$");

    /** Where the drivers are unpacked; for {@link #perClass()}, set before the class's tests. */
    private Path datastores;
    /** The temporary remotes directory {@link #perClass()} made, removed after the class's tests. */
    private Path remotes;

    private Oned(Path datastores) {
        this.datastores = datastores;
    }

    /**
     * The drivers unpacked into a temporary remotes directory before a test class's tests and
     * removed after them, as a JUnit extension to register in a static field.
     */
    static Oned perClass() {
        return new Oned(null);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        remotes = Files.createTempDirectory("virtshare-oned-remotes");
        datastores = install(remotes).datastores;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        TreeDeleter.delete(remotes);
    }

    /** Unpacks the artifact into {@code remotes/datastore}, as docs/opennebula.md says. */
    static Oned install(Path remotes) throws IOException, InterruptedException {
        Path datastore = remotes.resolve("datastore");
        Files.createDirectories(datastore);
        Process tar = new ProcessBuilder("tar", "xzf", ARTIFACT.toString(), "-C", datastore.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(output).isZero();
        return at(datastore);
    }

    /** The drivers already unpacked in {@code remotesDatastore}. */
    static Oned at(Path remotesDatastore) {
        return new Oned(remotesDatastore);
    }

    /** The script oned runs for {@code action} of {@code driver}. */
    Path script(String driver, String action) {
        return datastores.resolve(driver).resolve(action);
    }

    /** Runs {@code action} of {@code driver} as oned does: image id as argument, data base64 on stdin. */
    Answer run(String driver, String action, Data data) throws IOException, InterruptedException {
        return run(driver, action, data, Map.of());
    }

    /** {@link #run(String, String, Data)} with more environment (e.g. HF_ENDPOINT). */
    Answer run(String driver, String action, Data data, Map<String, String> env)
            throws IOException, InterruptedException {
        Process process = start(List.of(script(driver, action).toString(), data.imageId()), env);
        process.getOutputStream().write(data.base64().getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        return finish(process);
    }

    /** Runs {@code action} with {@code stdin} as given and the raw {@code args}, for hostile input. */
    Answer runRaw(String driver, String action, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script(driver, action).toString()));
        command.addAll(List.of(args));
        Process process = start(command, Map.of());
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        return finish(process);
    }

    /** Starts {@code action} with the data on stdin and returns the running process (the JVM: the scripts exec it). */
    Process start(String driver, String action, Data data) throws IOException {
        return start(driver, action, data, Map.of());
    }

    /** {@link #start(String, String, Data)} with more environment. */
    Process start(String driver, String action, Data data, Map<String, String> env) throws IOException {
        Process process = start(List.of(script(driver, action).toString(), data.imageId()), env);
        process.getOutputStream().write(data.base64().getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        return process;
    }

    private static Process start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("HF_ENDPOINT");
        builder.environment().remove("HF_TOKEN");
        builder.environment().remove("VIRTSHARE_ONE_JAR");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // the driver's class-data sharing archive is OneDriverSharedArchiveIT's: elsewhere the first
        // action would make one in the user's cache (and be no JVM while it does)
        builder.environment().put("VIRTSHARE_ONE_CDS", "off");
        builder.environment().putAll(env);
        return builder.start();
    }

    /**
     * Asserts a refusal as oned must see it: a non-zero exit, nothing on stdout, an error message
     * containing each of {@code reason} and logged as the one ERROR line, no stack trace.
     */
    static void assertRefused(Answer answer, String... reason) {
        assertThat(answer.exit()).as(answer.toString()).isNotZero();
        assertThat(answer.errorMessage()).as(answer.toString()).contains(reason);
        assertThat(answer.log("ERROR")).as(answer.toString()).containsExactly(answer.errorMessage());
        assertThat(answer.stdout()).isEmpty();
        assertThat(answer.stderr()).doesNotContain("\tat ", "Exception in thread");
    }

    static Answer finish(Process process) throws IOException, InterruptedException {
        InputStream err = process.getErrorStream();
        String[] stderr = new String[1];
        Thread drain = new Thread(() -> {
            try {
                stderr[0] = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                stderr[0] = "";
            }
        });
        drain.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("driver finishes").isTrue();
        drain.join(10_000);
        return new Answer(process.exitValue(), stdout, stderr[0]);
    }

    /**
     * What a driver answered.
     *
     * @param exit the exit code (0 success)
     * @param stdout the result oned parses
     * @param stderr everything on stderr
     */
    record Answer(int exit, String stdout, String stderr) {
        boolean succeeded() {
            return exit == 0;
        }


        /** The error message as oned builds it: the stripped stderr lines that are no log lines, concatenated. */
        String errorMessage() {
            return String.join("", stderr.lines().map(String::strip).filter(l -> !LOG.matcher(l).matches()).toList());
        }

        /** The log lines' text of one severity ({@code ERROR}, {@code INFO}, …), as oned logs them. */
        List<String> log(String severity) {
            List<String> lines = new ArrayList<>();
            for (String line : stderr.lines().toList()) {
                Matcher m = LOG.matcher(line.strip());
                if (m.matches() && m.group(1).equals(severity)) {
                    assertThat(m.group(2)).as("no object id is taken out of '" + line + "'").isNull();
                    lines.add(m.group(3).strip());
                }
            }
            return lines;
        }

        /** The {@code KEY=VALUE} lines of a monitor answer. */
        Map<String, Long> monitor() {
            Map<String, Long> values = new LinkedHashMap<>();
            for (String line : stdout.lines().toList()) {
                String[] kv = line.split("=", 2);
                values.put(kv[0], Long.parseLong(kv[1]));
            }
            return values;
        }

        /** oned's reading of a cp or clone answer: SOURCE and FORMAT, split on whitespace. */
        List<String> words() {
            return List.of(stdout.strip().split("\\s+"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** {@code DS_DRIVER_ACTION_DATA} as oned builds it. */
    static final class Data {
        private final Map<String, String> image = new LinkedHashMap<>();
        private final Map<String, String> datastore = new LinkedHashMap<>();
        private final Map<String, String> template = new LinkedHashMap<>();

        /** Data for image {@code imageId} of the datastore {@code dsId} at {@code basePath}, driver {@code dsMad}. */
        static Data of(int imageId, int dsId, String dsMad, Path basePath) {
            Data d = new Data();
            d.image.put("ID", Integer.toString(imageId));
            d.image.put("UID", "0");
            d.image.put("NAME", "image-" + imageId);
            d.image.put("TYPE", "1");
            d.image.put("STATE", "4");
            d.datastore.put("ID", Integer.toString(dsId));
            d.datastore.put("NAME", dsMad + "-ds");
            d.datastore.put("DS_MAD", dsMad);
            d.datastore.put("TM_MAD", dsMad.equals("sharedfs") ? "dummy" : "local");
            d.datastore.put("TYPE", "0");
            d.datastore.put("BASE_PATH", basePath.toString());
            d.template.put("DS_MAD", dsMad);
            d.template.put("TM_MAD", d.datastore.get("TM_MAD"));
            d.template.put("DISK_TYPE", dsMad.equals("sharedfs") ? "SHAREDFS" : "FILESYSTEM");
            d.template.put("BRIDGE_LIST", "");
            return d;
        }

        Data path(String value) {
            image.put("PATH", value);
            return this;
        }

        Data source(String value) {
            image.put("SOURCE", value);
            return this;
        }

        Data basePath(String value) {
            datastore.put("BASE_PATH", value);
            return this;
        }

        /** Sets an attribute of DATASTORE/TEMPLATE (SAFE_DIRS, RESTRICTED_DIRS, LIMIT_MB, …). */
        Data template(String key, String value) {
            template.put(key, value);
            return this;
        }

        /** The same data for another image. */
        Data image(int imageId) {
            Data d = new Data();
            d.image.putAll(image);
            d.image.remove("PATH");
            d.image.remove("SOURCE");
            d.image.put("ID", Integer.toString(imageId));
            d.image.put("NAME", "image-" + imageId);
            d.datastore.putAll(datastore);
            d.template.putAll(template);
            return d;
        }

        String imageId() {
            return image.get("ID");
        }

        String xml() {
            StringBuilder xml = new StringBuilder("<DS_DRIVER_ACTION_DATA><IMAGE>");
            image.forEach((k, v) -> element(xml, k, v));
            xml.append("<TEMPLATE><DEV_PREFIX><![CDATA[vd]]></DEV_PREFIX></TEMPLATE></IMAGE><DATASTORE>");
            datastore.forEach((k, v) -> element(xml, k, v));
            xml.append("<TEMPLATE>");
            template.forEach((k, v) -> xml.append('<').append(k).append("><![CDATA[").append(v).append("]]></")
                    .append(k).append('>'));
            xml.append("</TEMPLATE></DATASTORE><MONITOR_INFO/></DS_DRIVER_ACTION_DATA>");
            return xml.toString();
        }

        String base64() {
            return Base64.getEncoder().encodeToString(xml().getBytes(StandardCharsets.UTF_8));
        }

        private static void element(StringBuilder xml, String key, String value) {
            xml.append('<').append(key).append('>').append(value.replace("&", "&amp;").replace("<", "&lt;"))
                    .append("</").append(key).append('>');
        }
    }
}
