package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * The README's promises, checked against the built runner jar: the JShell session runs
 * as printed, and the two commands are the ones this build provides.
 */
class ReadmeIT {
    private static final Path RUNNER_JAR = Path.of("target", "virtshare-examples.jar");

    @Test
    void jshellSession_runsAsPrinted() throws IOException {
        List<String> inputs = new ArrayList<>();
        for (String line : Readme.blockAfter("jshell-session").split("\n")) {
            if (line.startsWith("jshell> ")) {
                inputs.add(line.substring("jshell> ".length()));
            }
        }
        assertThat(inputs).hasSizeGreaterThan(3);
        assertThat(RUNNER_JAR).as("the runner jar the README puts on the class path").exists();

        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(RUNNER_JAR.toAbsolutePath().toString());
            for (String input : inputs) {
                // as the jshell tool does: complete "import x.*" and expressions with a semicolon
                SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(input);
                assertThat(info.completeness().isComplete()).as(input + " is a complete snippet").isTrue();
                List<SnippetEvent> events = shell.eval(info.source());
                for (SnippetEvent event : events) {
                    List<String> diagnostics = shell.diagnostics(event.snippet())
                            .map(d -> d.getMessage(null)).toList();
                    assertThat(event.status()).as(input + " " + diagnostics).isEqualTo(Snippet.Status.VALID);
                    assertThat(event.exception()).as(input).isNull();
                }
            }
        }
    }

    @Test
    void commands_areTheWrapperQuickstartAndVerify() throws IOException {
        assertThat(Readme.blockAfter("quickstart-command").strip())
                .isEqualTo("./mvnw -q -DskipTests package && java -jar examples/target/virtshare-examples.jar quickstart");
        assertThat(Readme.blockAfter("test-command").strip()).isEqualTo("./mvnw verify");
        assertThat(Path.of("..", "mvnw")).isExecutable();
    }
}
