package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's README.md, as the tests that hold it to its word read it. */
final class Readme {
    static final Path FILE = Path.of("..", "README.md");

    private Readme() {
    }

    /** The first fenced block after the HTML comment {@code <!-- marker … -->}, without its fences. */
    static String blockAfter(String marker) throws IOException {
        Matcher m = Pattern.compile("<!-- " + Pattern.quote(marker) + ".*?-->\\s*```[a-z]*\\n(.*?)```",
                Pattern.DOTALL).matcher(Files.readString(FILE));
        assertThat(m.find()).as("README has a block marked " + marker).isTrue();
        return m.group(1);
    }
}
