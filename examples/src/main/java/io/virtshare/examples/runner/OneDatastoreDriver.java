package io.virtshare.examples.runner;

import io.virtshare.VirtShareException;
import io.virtshare.datastore.DatastoreKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code java -jar virtshare-examples.jar one-datastore sharedfs|virtiofs ACTION [IMAGE_ID] [BASE64]}:
 * the runner as OpenNebula's datastore driver ({@code DS_MAD}). The driver scripts in
 * {@code <remotes>/datastore/sharedfs/} and {@code …/virtiofs/} run it with their own file name
 * as ACTION. It reads {@code DS_DRIVER_ACTION_DATA} base64 from standard input — or from an
 * argument that is not a number, as older oned releases pass it — and answers as oned parses:
 * the result on stdout, {@code INFO:}/{@code WARN:}/{@code ERROR:} lines on stderr, and on
 * failure the reason as a plain stderr line (oned's error message) and exit 1. Exit 2 for a
 * command line that names no kind or action.
 *
 * <pre>
 * echo "$DATA" | java -jar virtshare-examples.jar one-datastore sharedfs cp 7
 * /var/lib/one/datastores/100/3 dir      ← stdout: SOURCE FORMAT
 * </pre>
 */
final class OneDatastoreDriver {
    static final String COMMAND = "one-datastore";
    static final String SYNOPSIS = COMMAND + " sharedfs|virtiofs ACTION [IMAGE_ID] [BASE64]   OpenNebula DS_MAD"
            + " driver: DS_DRIVER_ACTION_DATA base64 on stdin, oned's output rules (docs/opennebula.md)";
    /** Every action OpenNebula may call on an image datastore; the driver scripts are named after them. */
    static final List<String> ACTIONS = List.of("cp", "clone", "rm", "stat", "monitor", "mkfs", "export",
            "snap_delete", "snap_revert", "snap_flatten", "restore", "increment_flatten", "ls", "backup",
            "backup_cancel");
    static final Set<String> SUPPORTED = Set.of("cp", "clone", "rm", "stat", "monitor");
    private static final int MAX_STDIN_BYTES = OneActionData.MAX_BASE64_CHARS + 4096;

    private OneDatastoreDriver() {
    }

    /** Runs the driver on the process's streams and environment; returns the exit code. */
    static int main(List<String> args) {
        OneDriverLog log = new OneDriverLog(System.err);
        log.routeJdkLogging();
        return run(args, System.in, System.out, System.err, System.getenv());
    }

    /**
     * Runs one driver action.
     *
     * @param args the words after {@code one-datastore}: kind, action, then oned's arguments
     * @param env the environment ({@code HF_ENDPOINT}, {@code HF_TOKEN} for hf://)
     * @return the exit code
     */
    static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env) {
        OneDriverLog log = new OneDriverLog(err);
        if (args.size() < 2) {
            log.failure("usage: " + SYNOPSIS);
            return ExamplesRunner.USAGE_ERROR;
        }
        Optional<DatastoreKind> kind = kind(args.get(0));
        if (kind.isEmpty()) {
            log.failure("the datastore kind is sharedfs or virtiofs, not '" + args.get(0) + "'; usage: " + SYNOPSIS);
            return ExamplesRunner.USAGE_ERROR;
        }
        String action = args.get(1);
        String driver = kind.get().dsMad();
        try {
            if (!SUPPORTED.contains(action)) {
                throw new OneDriverException(action + " is not supported by this datastore (" + driver + "): its"
                        + " images are directory trees, which have no " + lacking(action) + "; " + driver
                        + " supports " + String.join(", ", ACTIONS.stream().filter(SUPPORTED::contains).toList()));
            }
            OneActionData data = OneActionData.decode(actionData(args.subList(2, args.size()), stdin));
            String result = new OneDatastoreActions(kind.get(), data, log, env).run(action);
            out.print(result);
            out.flush();
            return ExamplesRunner.OK;
        } catch (VirtShareException e) {
            log.failure(e.getMessage());
        } catch (UncheckedIOException e) {
            log.failure(driver + " " + action + " failed: " + e.getCause().getMessage());
        } catch (IOException e) {
            log.failure(driver + " " + action + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.failure(driver + " " + action + " failed unexpectedly: " + e);
        }
        return ExamplesRunner.USER_ERROR;
    }

    /** What a directory image lacks for {@code action}, for the refusal. */
    private static String lacking(String action) {
        return switch (action) {
            case "mkfs" -> "empty file system to make (register a directory, a tarball or hf:// instead)";
            case "export" -> "disk file to export to a marketplace";
            case "snap_delete", "snap_revert", "snap_flatten" -> "snapshots";
            case "restore", "increment_flatten", "backup", "backup_cancel" -> "backups";
            case "ls" -> "listing of their own (oneimage show tells their SOURCE)";
            default -> "such action";
        };
    }

    /** The base64 data: an argument that is not an image id (older oned), else standard input. */
    private static String actionData(List<String> operands, InputStream stdin) throws IOException {
        for (String operand : operands) {
            if (!operand.matches("-?[0-9]+")) {
                return operand;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = stdin.read(buffer)) >= 0; ) {
            bytes.write(buffer, 0, n);
            if (bytes.size() > MAX_STDIN_BYTES) {
                throw new OneDriverException(OneActionData.ROOT + " on standard input is larger than "
                        + MAX_STDIN_BYTES + " bytes, far more than oned sends; refused");
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static Optional<DatastoreKind> kind(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "sharedfs" -> Optional.of(DatastoreKind.SHARED_FS);
            case "virtiofs" -> Optional.of(DatastoreKind.VIRTIO_FS);
            default -> Optional.empty();
        };
    }
}
