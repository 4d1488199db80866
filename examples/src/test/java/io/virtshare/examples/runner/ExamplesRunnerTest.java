package io.virtshare.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExamplesRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final RunnerCapture capture = new RunnerCapture();

    private int run(String... args) {
        return capture.run(args);
    }

    private String stderr() {
        return capture.stderr();
    }

    @Test
    void quickstart_whenWorkdirIsAFile_isAUserErrorWithOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertThat(run("quickstart", "--workdir", file.toString())).isEqualTo(1);
        assertThat(stderr().strip()).startsWith("error: ").contains("not a directory").doesNotContain("\n");
        assertThat(capture.stdout()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"import", "list", "stat", "clone", "delete", "domain-xml"})
    void forCommand_aDatastoreCommand_buildsOnlyTheDatastoreCommands(String command) {
        String usage = ExamplesRunner.forCommand(List.of(command, "--datastore", "/nowhere")).usage();

        assertThat(usage).contains("  " + command + " ").doesNotContain("quickstart").doesNotContain("pool-lifecycle");
    }

    @ParameterizedTest
    @CsvSource({"quickstart", "doctor", "frobnicate", "--help", "pool-lifecycle", "vm attach"})
    void forCommand_anyOtherCommandLine_buildsEveryCommand(String line) {
        assertThat(ExamplesRunner.forCommand(List.of(line.split(" "))).usage())
                .isEqualTo(ExamplesRunner.standard().usage());
        assertThat(ExamplesRunner.forCommand(List.of()).usage()).isEqualTo(ExamplesRunner.standard().usage());
    }

    @ParameterizedTest
    @CsvSource({
        "quickstart --nope, unknown option --nope",
        "quickstart --workdir, option --workdir needs a value",
        "quickstart extra, unexpected argument 'extra'",
        "doctor --reflink-dir, option --reflink-dir needs a value",
        "frobnicate, unknown command 'frobnicate'",
        "list, --datastore DIR is required",
        "clone --datastore /tmp/x abc, image ID must be a number",
        "import --datastore /tmp/x, SOURCE (a directory",
        "import --datastore /tmp/x --kind zfs a, --kind is sharedfs or virtiofs",
        "import --datastore /tmp/x --limit-mb lots a, --limit-mb takes a whole number",
        "pool-lifecycle --xml p.xml, --uri URI is required",
        "pool-lifecycle --uri test:///default, --xml POOL.xml is required",
        "pool-lifecycle --uri test:///default --xml p.xml extra, unexpected argument 'extra'",
        "pool-lifecycle --uri test:///default --xml p.xml --pool x, unknown option --pool",
    })
    void badCommandLines_areUsageErrors(String line, String message) {
        assertThat(run(line.split(" "))).isEqualTo(2);
        assertThat(stderr()).contains(message).contains("usage:");
    }

    @Test
    void noArguments_printsUsageAndExits2() {
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("quickstart").contains("guest-proof").contains("Exit codes");
    }

    @Test
    void help_printsUsageOnStdoutAndExits0() {
        assertThat(run("--help")).isZero();
        assertThat(capture.stdout()).contains("doctor");
    }

    @Test
    void args_acceptEqualsFormAndDoubleDash() {
        Args args = Args.parse(List.of("--name=x", "--", "--not-an-option"), java.util.Set.of("name"),
                java.util.Set.of());
        assertThat(args.option("name")).hasValue("x");
        assertThat(args.operands()).containsExactly("--not-an-option");
    }
}
