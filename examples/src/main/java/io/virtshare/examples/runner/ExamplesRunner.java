package io.virtshare.examples.runner;

import io.virtshare.VirtShareException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code virtshare-examples.jar}: the recipes as the SDK's smallest command-line front
 * end. JSON on stdout, human messages on stderr; exit 0 on success, 1 on a user error
 * (one-line reason), 2 on a usage error.
 *
 * <pre>
 * java -jar examples/target/virtshare-examples.jar quickstart
 * java -jar examples/target/virtshare-examples.jar doctor
 * </pre>
 */
public final class ExamplesRunner {
    /** Exit code on success. */
    public static final int OK = 0;
    /** Exit code on a user error: bad input, missing tool, refused operation. */
    public static final int USER_ERROR = 1;
    /** Exit code on a usage error. */
    public static final int USAGE_ERROR = 2;

    private final List<Command> commands;

    ExamplesRunner(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /** The runner with every command of the contract. */
    static ExamplesRunner standard() {
        List<Command> commands = new java.util.ArrayList<>(List.of(new QuickstartCommand(), new DoctorCommand()));
        commands.addAll(DatastoreCommands.all());
        commands.addAll(List.of(
                new XmlRoundtripCommand(),
                new PoolLifecycleCommand(),
                new PoolReconcileCommand(),
                new GuestProofCommand()));
        commands.addAll(VmCommands.all());
        commands.addAll(VolumeTransferCommands.all());
        return new ExamplesRunner(commands);
    }

    /**
     * Runs the runner and exits with its code. JNA is told where the platform's libraries are
     * first ({@link LibrarySearchPath}), so that it starts no {@code ldconfig} of its own, and
     * where its own library is ({@link NativeLibraryCache}), so that it writes no temporary copy.
     */
    public static void main(String[] args) {
        LibrarySearchPath.setIfAbsent();
        NativeLibraryCache.useForJnaIfAbsent();
        if (args.length > 0 && args[0].equals(OneDatastoreDriver.COMMAND)) {
            System.exit(OneDatastoreDriver.main(Arrays.asList(args).subList(1, args.length)));
        }
        System.exit(forCommand(Arrays.asList(args)).run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * The runner for one command line: for a command of {@link DatastoreCommands} (import,
     * list, stat, clone, delete, domain-xml) only those, else {@link #standard()}. They answer
     * without Jackson; building every command would load and verify the others too, whose JSON
     * trees alone start Jackson's tree model (about 20 ms of a short command).
     */
    static ExamplesRunner forCommand(List<String> args) {
        ExamplesRunner datastore = new ExamplesRunner(DatastoreCommands.all());
        return datastore.find(args).isPresent() ? datastore : standard();
    }

    /**
     * Runs one command line.
     *
     * @return the exit code
     */
    int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, Path.of("").toAbsolutePath());
    }

    /**
     * Runs one command line with relative paths resolved against {@code workingDirectory}
     * instead of the current directory.
     *
     * @return the exit code
     */
    int run(List<String> args, PrintStream out, PrintStream err, Path workingDirectory) {
        Console console = new Console(err, workingDirectory);
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(usage());
            return args.isEmpty() ? USAGE_ERROR : OK;
        }
        Optional<Command> match = find(args);
        if (match.isEmpty()) {
            err.println("error: unknown command '" + String.join(" ", args.subList(0, Math.min(2, args.size())))
                    + "'");
            err.print(usage());
            return USAGE_ERROR;
        }
        Command command = match.get();
        int words = command.name().split(" ").length;
        try {
            Output result = command.run(args.subList(words, args.size()), console);
            if (result != null) {
                result.print(out);
                out.flush();
            }
            return OK;
        } catch (FailedWithResult e) {
            try {
                out.println(JsonText.pretty(e.result()));
                out.flush();
            } catch (IOException json) {
                err.println("error: cannot write the result: " + json.getMessage());
            }
            err.println("error: " + oneLine(e.getMessage()));
            return USER_ERROR;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            if (e.showUsage()) {
                err.println("usage: " + command.synopsis());
            }
            return USAGE_ERROR;
        } catch (VirtShareException e) {
            err.println("error: " + oneLine(e.getMessage()));
            return USER_ERROR;
        } catch (UncheckedIOException e) {
            err.println("error: " + oneLine(e.getCause().getMessage()));
            return USER_ERROR;
        } catch (IOException e) {
            err.println("error: " + oneLine(String.valueOf(e.getMessage())));
            return USER_ERROR;
        } catch (Exception e) {
            err.println("error: unexpected failure in " + command.name() + ": " + e);
            return USER_ERROR;
        }
    }

    private Optional<Command> find(List<String> args) {
        for (Command command : commands) {
            List<String> words = List.of(command.name().split(" "));
            if (args.size() >= words.size() && args.subList(0, words.size()).equals(words)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    String usage() {
        StringBuilder text = new StringBuilder("usage: java -jar virtshare-examples.jar COMMAND [OPTIONS]\n\n");
        for (Command command : commands) {
            text.append("  ").append(command.synopsis()).append('\n');
        }
        text.append("  ").append(OneDatastoreDriver.SYNOPSIS).append('\n');
        text.append("\nJSON goes to stdout, messages to stderr. Exit codes: 0 ok, 1 user error, 2 usage error.\n");
        return text.toString();
    }

    /** {@code message} on one line, for stderr. */
    static String oneLine(String message) {
        return message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
