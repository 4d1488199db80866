package io.virtshare.examples.runner;

import io.virtshare.internal.shared.TreeDeleter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the OpenNebula driver script runs, once per JDK and jar, with
 * {@code -XX:ArchiveClassesAtExit} (from JDK 25 on {@code -XX:AOTCacheOutput}, an AOT cache) to
 * make its class-data sharing archive on the host where it runs (docs/opennebula.md, "Start-up"): the supported driver actions as oned sends them —
 * {@code monitor}, {@code stat}, {@code cp} of a directory and of a {@code .tar},
 * {@code clone} and {@code rm} — on a one-file image in a scratch directory, then
 * {@code stat}, {@code cp}, {@code clone} and {@code rm} on a tree of {@value #MANY_FILES}
 * small files, so that the classes the actions load are the ones archived. Nothing outside the
 * scratch directory is touched, and the scratch directory is removed.
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=driver.jsa -cp virtshare-examples.jar \
 *      io.virtshare.examples.runner.OneDriverTraining /tmp/scratch
 * </pre>
 */
final class OneDriverTraining {
    private static final String KIND = "sharedfs";
    /**
     * The small files, in subdirectories, of the tree the actions are also trained on: enough
     * for what only many files load (the direct native calls after the first 256, the
     * parallel walk, the copier's threads), few enough to keep the first action's training short.
     */
    static final int MANY_FILES = 300;

    private OneDriverTraining() {
    }

    /** {@code args[0]}: the scratch directory (emptied first, removed after). Exits non-zero naming the failed action. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: OneDriverTraining SCRATCH_DIR");
            System.exit(ExamplesRunner.USAGE_ERROR);
        }
        LibrarySearchPath.setIfAbsent();   // as ExamplesRunner.main does first
        NativeLibraryCache.useForJnaIfAbsent();
        Path dir = Path.of(args[0]).toAbsolutePath();
        TreeDeleter.delete(dir);
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            Path image = Files.createDirectories(src.resolve("image"));
            Files.writeString(image.resolve("weights.bin"), "training\n", StandardCharsets.UTF_8);
            Path tar = SharedArchiveTraining.tar(image, src.resolve("image.tar"));
            Path base = dir.resolve("ds");
            run("monitor", data(0, base, src, "", ""));
            run("stat", data(0, base, src, image.toString(), ""));
            String first = source(run("cp", data(0, base, src, image.toString(), "")));
            run("cp", data(1, base, src, tar.toString(), ""));
            String copy = source(run("clone", data(2, base, src, first, "")));
            run("rm", data(2, base, src, "", copy));
            Path many = SharedArchiveTraining.smallFiles(src.resolve("many"), MANY_FILES);
            run("stat", data(3, base, src, many.toString(), ""));
            String manyImage = source(run("cp", data(3, base, src, many.toString(), "")));
            run("rm", data(4, base, src, "", source(run("clone", data(4, base, src, manyImage, "")))));
            run("monitor", data(0, base, src, "", ""));
        } finally {
            TreeDeleter.delete(dir);
        }
    }

    /** Runs one action as the driver script does (data base64 on standard input); its stdout. */
    private static String run(String action, String xml) {
        byte[] stdin = Base64.getEncoder().encode(xml.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int exit = OneDatastoreDriver.run(List.of(KIND, action, "0"), new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(messages, true, StandardCharsets.UTF_8),
                Map.of());
        if (exit != ExamplesRunner.OK) {
            System.err.println("driver training: " + action + " exited " + exit + ": "
                    + messages.toString(StandardCharsets.UTF_8));
            System.exit(exit);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The SOURCE of a {@code cp} or {@code clone} answer ({@code SOURCE FORMAT}). */
    private static String source(String answer) {
        return answer.strip().split("\\s+")[0];
    }

    /**
     * {@code DS_DRIVER_ACTION_DATA} for image {@code id} of the datastore at {@code base}, as oned
     * builds it; an empty {@code path} or {@code source} is left out.
     */
    private static String data(int id, Path base, Path safe, String path, String source) {
        return "<DS_DRIVER_ACTION_DATA><IMAGE><ID>" + id + "</ID><NAME>training-" + id + "</NAME>"
                + (path.isEmpty() ? "" : "<PATH><![CDATA[" + path + "]]></PATH>")
                + (source.isEmpty() ? "" : "<SOURCE><![CDATA[" + source + "]]></SOURCE>")
                + "</IMAGE><DATASTORE><ID>0</ID><DS_MAD>" + KIND + "</DS_MAD><TM_MAD>dummy</TM_MAD><BASE_PATH><![CDATA[" + base
                + "]]></BASE_PATH><TEMPLATE><SAFE_DIRS><![CDATA[" + safe + "]]></SAFE_DIRS></TEMPLATE></DATASTORE>"
                + "</DS_DRIVER_ACTION_DATA>";
    }
}
