package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Documentation is compiled code: every code block in docs/ that follows a
 * {@code <!-- snippet: FILE#NAME -->} marker must equal the region between
 * {@code // snippet:NAME} and {@code // end:NAME} in FILE (indentation removed). A
 * renamed method breaks the build, not the reader.
 */
class DocsSnippetsTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern MARKER = Pattern.compile(
            "<!-- snippet: (\\S+)#(\\S+) -->\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> everySnippetMatchesItsSource() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = MARKER.matcher(Files.readString(doc));
                while (m.find()) {
                    String file = m.group(1);
                    String name = m.group(2);
                    String quoted = m.group(3);
                    tests.add(DynamicTest.dynamicTest(doc.getFileName() + " quotes " + file + "#" + name,
                            () -> assertThat(quoted.strip()).isEqualTo(region(ROOT.resolve(file), name))));
                }
            }
        }
        assertThat(tests).as("docs/ quotes at least one compiled snippet").isNotEmpty();
        return tests.stream();
    }

    static String region(Path file, String name) throws IOException {
        if (!Files.isRegularFile(file)) {
            fail("quoted file " + file + " does not exist");
        }
        List<String> lines = Files.readAllLines(file);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("// snippet:" + name)) {
                start = i + 1;
            } else if (line.equals("// end:" + name) && start >= 0) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            fail(file + " has no region // snippet:" + name + " ... // end:" + name);
        }
        List<String> region = lines.subList(start, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList()).strip();
    }
}
