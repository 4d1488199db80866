package io.virtshare.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtshare.testkit.HostTool;
import io.virtshare.testkit.junit.RequiresHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe docs/shares.md quotes runs as printed on a host with virtiofsd. */
@RequiresHost(HostTool.VIRTIOFSD)
class ShareRecipeIT {
    @TempDir
    Path state;

    @Test
    void recipe_runs_startsTheDaemons_andLeavesNoSockets() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            ShareRecipe.main(new String[] {state.toString()});
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        String errors = err.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("vhost-user-fs-pci", "virtio-9p-pci", "virtio-blk-pci",
                "home: Ready[", "models: Ready[", "nix-store-overlay.img created",
                "overlay /nix/store overlay lowerdir=", "mounts:\n  - [\"home\"", ": 2 shares in web's definition");
        assertThat(errors).contains("would be on the virtiofs share 'rw'", "overlayfs cannot use 9p or virtiofs",
                "OPTION_REJECTED", "no_such_option");
        assertThat(state.resolve("nix-store-overlay.img")).exists();
        try (var files = Files.list(state)) {
            assertThat(files).noneMatch(f -> f.toString().endsWith(".sock") || f.toString().endsWith(".pid"));
        }
    }
}
