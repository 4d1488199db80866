package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a user's Maven project the way a user would, with this repository's {@code ./mvnw}, against
 * the virtshare artifacts this build has just made — never against SNAPSHOTs left in {@code ~/.m2}.
 *
 * <p>The build gets a private local repository under {@code target/} into which our artifacts are laid
 * out from the module jars on this test's class path and the modules' POMs. Third-party artifacts come
 * from the outer build's local repository (as a file:// repository for releases only) and, for what is
 * not there, Maven Central.
 */
final class UserMavenBuild {
    /** The artifacts a user depends on, each with a class that lives in it. */
    static final Map<String, String> ARTIFACTS = Map.of(
            "sdk-api", "io.virtshare.datastore.Datastore",
            "sdk-libvirt", "io.virtshare.internal.libvirt.LibvirtBackendProvider",
            "sdk-hf", "io.virtshare.hf.HfImporter",
            "sdk-testkit", "io.virtshare.testkit.HostTools");

    /** The outer build's local repository, passed by failsafe. */
    static final String BUILD_REPOSITORY_PROPERTY = "virtshare.build.repository";

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final long TIMEOUT_MINUTES = 5;

    record Result(int exit, String log) {
        /** Whether the reactor summary reports the module {@code name} as built. */
        boolean succeeded(String name) {
            return Pattern.compile("^\\[INFO\\] " + Pattern.quote(name) + " \\.+ SUCCESS", Pattern.MULTILINE)
                    .matcher(log).find();
        }

        /** The log's {@code [ERROR]} lines, or its end when there are none: what a failure message shows. */
        String errors() {
            List<String> lines = log.lines().toList();
            List<String> errors = lines.stream().filter(l -> l.startsWith("[ERROR]")).limit(40).toList();
            return String.join("\n", errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 40), lines.size()) : errors);
        }
    }

    private final Path dir;
    private final Path repository;

    /** A build working in {@code dir} (its projects, settings, log and private local repository). */
    UserMavenBuild(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.repository = this.dir.resolve("repository");
    }

    /** The version every virtshare module has: the parent POM's. */
    static String version() throws IOException {
        return PomFile.read(ROOT.resolve("pom.xml")).text("version").orElseThrow();
    }

    /** A property of the parent POM, e.g. a plugin version to pin in a user project. */
    static String parentProperty(String name) throws IOException {
        return PomFile.read(ROOT.resolve("pom.xml")).text("properties/" + name)
                .orElseThrow(() -> new AssertionError("pom.xml has no property " + name));
    }

    /**
     * Puts the parent POM, the BOM and every user-facing artifact (jar and POM) into the private local
     * repository, replacing what an earlier run left there. Each jar must be the one this test runs
     * with, built in this reactor from the module's {@code target/}.
     */
    void installOurArtifacts() throws IOException {
        String version = version();
        Path ours = repository.resolve("io/virtshare");
        deleteTree(ours);
        install(ROOT.resolve("pom.xml"), "virtshare-parent", version, "pom");
        install(ROOT.resolve("bom/pom.xml"), "virtshare-bom", version, "pom");
        for (Map.Entry<String, String> artifact : ARTIFACTS.entrySet()) {
            String name = artifact.getKey();
            Path fresh = ROOT.resolve(name).resolve("target").resolve(name + "-" + version + ".jar");
            assertThat(classPathJar(artifact.getValue()))
                    .as("%s on the test class path is the jar this reactor built; run the reactor: "
                            + "./mvnw verify (or -pl examples -am)", name)
                    .isEqualTo(fresh);
            install(fresh, name, version, "jar");
            install(ROOT.resolve(name).resolve("pom.xml"), name, version, "pom");
        }
    }

    private void install(Path file, String artifactId, String version, String extension) throws IOException {
        Path target = repository.resolve("io/virtshare").resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + "." + extension);
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path classPathJar(String className) {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new AssertionError(className + " is not on the test class path", e);
        }
    }

    /** Deletes {@code relative} under the build directory, with what an earlier run built there. */
    void delete(String relative) throws IOException {
        deleteTree(dir.resolve(relative));
    }

    /** Writes {@code content} to {@code relative} under the build directory, creating its parents. */
    Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    Path dir() {
        return dir;
    }

    /**
     * Runs {@code ./mvnw GOALS} on the project in {@code projectDir} (relative to the build directory);
     * a module that fails does not stop the others ({@code --fail-at-end}).
     */
    Result run(String projectDir, String... goals) throws IOException, InterruptedException {
        Path project = dir.resolve(projectDir);
        // Maven looks upward for .mvn/ to find the project's base directory; stop it at the project
        Files.createDirectories(project.resolve(".mvn"));
        Path settings = write("settings.xml", settings());
        Path log = dir.resolve("build.log");
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(),
                "-B", "--no-transfer-progress", "--fail-at-end", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository, "-f", project.resolve("pom.xml").toString()));
        command.addAll(List.of(goals));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_ARGS");
        builder.environment().remove("MAVEN_OPTS");
        // libvirt's own default URI would send the user's code elsewhere than test:///default
        builder.environment().remove("LIBVIRT_DEFAULT_URI");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw new AssertionError("the user project's build took more than " + TIMEOUT_MINUTES
                    + " minutes; its log: " + log);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Releases from the outer build's local repository first (never its SNAPSHOTs), then Central. */
    private static String settings() {
        String buildRepository = System.getProperty(BUILD_REPOSITORY_PROPERTY,
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        String repository = """
                    <id>virtshare-build-repository</id>
                    <url>%s</url>
                    <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                    <snapshots><enabled>false</enabled></snapshots>
                """.formatted(Path.of(buildRepository).toUri());
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>virtshare-build-repository</id>
                      <repositories><repository>
                %s      </repository></repositories>
                      <pluginRepositories><pluginRepository>
                %s      </pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>virtshare-build-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repository);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
