package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.HostTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend recipe that docs/backends.md quotes: each way of choosing gives the backend it says. */
class BackendRecipeTest {
    @TempDir
    Path home;

    @Test
    void run_choosesAutomatically_byName_refusesAnUnknownName_andOpensThePlugIn() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<String> used = BackendRecipe.run(home, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String automatic = HostTools.detect().status(HostTool.LIBVIRT_LIBRARY).available() ? "libvirt" : "xml-files";
        assertThat(used).containsExactly(automatic, "xml-files", "dry-run");
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("xml-files writes what it defines into " + home.resolve("xml"))
                .contains("UNAVAILABLE: no backend called 'hyperv' (named by VirtShare.builder().backend(\"hyperv\"))"
                        + " is on the class path; found: ")
                .contains("xml-files (io.virtshare:sdk-api)")
                .contains("dry-run defined dry as a file in " + home.resolve("dry-run"));
        assertThat(home.resolve("dry-run")).as("the plug-in's directory").isDirectory();
        assertThat(home.resolve("dry-run").toFile().list()).as("the plug-in wrote the VM's definition").isNotEmpty();
    }
}
