package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Add it to your build" block, exactly as printed, is the whole dependency setup of a new
 * user project whose code is the README's "Use it" example, exactly as printed, and whose JUnit 5 tests
 * run that example and use the testkit; this build compiles it and runs its tests with {@code ./mvnw}
 * against the artifacts just built. {@code sdk-libvirt} is in runtime scope there, so the example
 * compiles against sdk-api alone and reaches libvirt (when installed) through the backend SPI.
 *
 * <p>A second project is the same block with the user's own Jackson and JUnit BOMs imported after
 * virtshare's: the versions its tests run with must be the user's, which holds only while
 * {@code virtshare-bom} pins nothing but virtshare's artifacts (Maven lets the first import win).
 */
class ReadmeDependencyBlockIT {
    /** Versions of the user's own choosing, other than the ones virtshare is built with. */
    private static final String USER_JACKSON = "2.17.2";
    private static final String USER_JUNIT = "5.13.4";

    /** The class of the README's "Use it" example, in the default package as printed. */
    private static final String EXAMPLE_CLASS = "FirstVm";

    private static final UserMavenBuild BUILD = new UserMavenBuild(Path.of("target", "readme-user-build"));
    private static UserMavenBuild.Result result;

    @BeforeAll
    static void buildUserProjects() throws IOException, InterruptedException {
        String block = Readme.blockAfter("maven-dependencies");
        String example = Readme.blockAfter("use-it");
        assertThat(example).as("the README's example is the class " + EXAMPLE_CLASS)
                .contains("public class " + EXAMPLE_CLASS + " ");
        BUILD.installOurArtifacts();
        BUILD.delete("projects");
        BUILD.write("projects/pom.xml", aggregator());
        writeReadmeProject(block, example);
        writeOwnVersionsProject(block);
        result = BUILD.run("projects", "test");
    }

    @Test
    void readmeBlock_compilesTheReadmeExampleAgainstSdkApi_andRunsItAndTheUsersJUnitTests() throws IOException {
        assertThat(result.succeeded("readme-block"))
                .as("the user project built from the README block fails:\n%s", result.errors()).isTrue();
        Path report = BUILD.dir().resolve("projects/readme-block/target/surefire-reports/TEST-ReadmeExampleTest.xml");
        assertThat(report).as("the user's JUnit 5 tests ran").exists();
        String suite = Files.readString(report);
        assertThat(attribute(suite, "tests")).isEqualTo("3");
        assertThat(attribute(suite, "failures")).isEqualTo("0");
        assertThat(attribute(suite, "errors")).isEqualTo("0");
        assertThat(attribute(suite, "skipped")).isEqualTo("0");
    }

    @Test
    void readmeExample_definesAVmWithTheImageShared_onLibvirtsTestDriverWhenInstalled_elseAsXmlFiles()
            throws IOException {
        String output = exampleOutput("example-output.txt");

        String firstLine = output.lines().findFirst().orElse("");
        if (HostTools.detect().status(HostTool.LIBVIRT_LIBRARY).available()) {
            assertThat(firstLine).as("sdk-libvirt, at run time only, is chosen by itself")
                    .isEqualTo("backend: libvirt on test:///default");
        } else {
            assertThat(firstLine).startsWith("backend: xml-files on ").endsWith("/xml");
        }
        assertVmWithTheImageShared(output);
    }

    @Test
    void readmeExample_onTheXmlFilesBackend_printsTheDomainItWrote() throws IOException {
        String output = exampleOutput("example-output-xml-files.txt");

        assertThat(output.lines().findFirst().orElse("")).startsWith("backend: xml-files on ").endsWith("/xml");
        assertVmWithTheImageShared(output);
    }

    private static String exampleOutput(String file) throws IOException {
        assertThat(result.succeeded("readme-block")).as(result.errors()).isTrue();
        return Files.readString(BUILD.dir().resolve("projects/readme-block/target").resolve(file));
    }

    private static void assertVmWithTheImageShared(String output) {
        assertThat(output).contains("<name>first-vm</name>")
                .containsPattern("<source dir=['\"][^'\"]*/datastore/\\d+['\"]/>")
                .containsPattern("<target dir=['\"]models['\"]/>")
                .containsPattern("<driver [^>]*type=['\"]virtiofs['\"]")
                .contains("memfd").containsPattern("<access mode=['\"]shared['\"]/>");
    }

    @Test
    void readmeExample_needsNothingButSdkApiToCompile() throws IOException {
        String example = Readme.blockAfter("use-it");
        assertThat(example.lines().filter(l -> l.startsWith("import io.virtshare.")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(".internal.").doesNotContain(".testkit.")
                        .doesNotContain(".hf."));
        assertThat(Readme.blockAfter("maven-dependencies")).containsPattern(
                "<artifactId>sdk-libvirt</artifactId>\\s*<scope>runtime</scope>");
    }

    @Test
    void bom_leavesTheUsersJacksonAndJUnitVersionsAlone() throws IOException {
        assertThat(USER_JACKSON).as("a Jackson version other than virtshare's")
                .isNotEqualTo(UserMavenBuild.parentProperty("jackson.version"));
        assertThat(USER_JUNIT).as("a JUnit version other than virtshare's")
                .isNotEqualTo(UserMavenBuild.parentProperty("junit.version"));
        assertThat(result.succeeded("own-versions"))
                .as("the user project with its own Jackson and JUnit fails:\n%s", result.errors()).isTrue();

        Properties resolved = new Properties();
        try (Reader in = Files.newBufferedReader(
                BUILD.dir().resolve("projects/own-versions/target/resolved-versions.properties"))) {
            resolved.load(in);
        }
        assertThat(resolved.getProperty("jackson-databind")).isEqualTo(USER_JACKSON);
        assertThat(resolved.getProperty("junit-jupiter-api")).isEqualTo(USER_JUNIT);
    }

    private static String attribute(String suite, String name) {
        Matcher m = Pattern.compile("<testsuite [^>]*\\b" + name + "=\"([^\"]*)\"").matcher(suite);
        assertThat(m.find()).as("surefire report has %s", name).isTrue();
        return m.group(1);
    }

    private static void writeReadmeProject(String block, String example) throws IOException {
        BUILD.write("projects/readme-block/pom.xml", userPom("readme-block", block));
        BUILD.write("projects/readme-block/src/main/java/" + EXAMPLE_CLASS + ".java", example);
        BUILD.write("projects/readme-block/src/test/java/ReadmeExampleTest.java", """
                import static org.junit.jupiter.api.Assertions.assertNotNull;

                import io.virtshare.testkit.HostTool;
                import io.virtshare.testkit.HostTools;
                import java.io.ByteArrayOutputStream;
                import java.io.PrintStream;
                import java.nio.charset.StandardCharsets;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import org.junit.jupiter.api.Test;

                class ReadmeExampleTest {
                    @Test
                    void theReadmeExampleRuns_andItsOutputIsKept() throws Exception {
                        run("example-output.txt");
                    }

                    @Test
                    void theReadmeExampleRunsOnTheXmlFilesBackend_whenThatIsChosen() throws Exception {
                        System.setProperty("virtshare.backend", "xml-files");
                        try {
                            run("example-output-xml-files.txt");
                        } finally {
                            System.clearProperty("virtshare.backend");
                        }
                    }

                    private static void run(String outputFile) throws Exception {
                        PrintStream out = System.out;
                        ByteArrayOutputStream printed = new ByteArrayOutputStream();
                        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
                        try {
                            %s.main(new String[0]);
                        } finally {
                            System.setOut(out);
                        }
                        Files.writeString(Path.of("target", outputFile), printed.toString(StandardCharsets.UTF_8));
                    }

                    @Test
                    void theTestkitAnswersInTheUsersTests() {
                        assertNotNull(HostTools.detect().status(HostTool.QEMU));
                    }
                }
                """.formatted(EXAMPLE_CLASS));
    }

    /** The README block with the user's own Jackson and JUnit BOMs imported after virtshare's. */
    private static void writeOwnVersionsProject(String block) throws IOException {
        int bom = block.indexOf("<artifactId>virtshare-bom</artifactId>");
        assertThat(bom).as("the README block imports virtshare-bom").isNotNegative();
        int end = block.indexOf("</dependency>", bom) + "</dependency>".length();
        String ownBoms = """

                    <dependency>
                      <groupId>com.fasterxml.jackson</groupId>
                      <artifactId>jackson-bom</artifactId>
                      <version>%s</version>
                      <type>pom</type>
                      <scope>import</scope>
                    </dependency>
                    <dependency>
                      <groupId>org.junit</groupId>
                      <artifactId>junit-bom</artifactId>
                      <version>%s</version>
                      <type>pom</type>
                      <scope>import</scope>
                    </dependency>""".formatted(USER_JACKSON, USER_JUNIT);
        BUILD.write("projects/own-versions/pom.xml",
                userPom("own-versions", block.substring(0, end) + ownBoms + block.substring(end)));
        BUILD.write("projects/own-versions/src/test/java/com/example/app/VersionsTest.java", """
                package com.example.app;

                import java.io.Writer;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.Properties;
                import org.junit.jupiter.api.Test;

                class VersionsTest {
                    @Test
                    void recordsTheVersionsOnTheTestClassPath() throws Exception {
                        Properties versions = new Properties();
                        versions.setProperty("jackson-databind",
                                com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
                        versions.setProperty("junit-jupiter-api", Test.class.getPackage().getImplementationVersion());
                        try (Writer out = Files.newBufferedWriter(Path.of("target", "resolved-versions.properties"))) {
                            versions.store(out, null);
                        }
                    }
                }
                """);
    }

    private static String aggregator() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>user-projects</artifactId>
                  <version>1.0</version>
                  <packaging>pom</packaging>
                  <modules>
                    <module>readme-block</module>
                    <module>own-versions</module>
                  </modules>
                </project>
                """;
    }

    /**
     * A user's POM around {@code block}, verbatim; the plugins are pinned to the versions this build uses,
     * so that they come from its local repository.
     */
    private static String userPom(String artifactId, String block) throws IOException {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>%s</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>maven-resources-plugin</artifactId><version>%s</version></plugin>
                        <plugin><artifactId>maven-compiler-plugin</artifactId><version>%s</version></plugin>
                        <plugin><artifactId>maven-surefire-plugin</artifactId><version>%s</version></plugin>
                      </plugins>
                    </pluginManagement>
                  </build>

                %s
                </project>
                """.formatted(artifactId,
                UserMavenBuild.parentProperty("resources-plugin.version"),
                UserMavenBuild.parentProperty("compiler-plugin.version"),
                UserMavenBuild.parentProperty("surefire.version"),
                block);
    }
}
