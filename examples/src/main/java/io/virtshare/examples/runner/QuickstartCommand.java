package io.virtshare.examples.runner;

import io.virtshare.examples.Quickstart;
import io.virtshare.testkit.HostTools;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code quickstart [--workdir DIR]}: the main job on the embedded default. */
final class QuickstartCommand implements Command {
    private final Supplier<HostTools> tools;

    QuickstartCommand() {
        this(HostTools::detectFromSystemProperty);
    }

    /** With another host tool detection, e.g. one that simulates a host without libvirt. */
    QuickstartCommand(Supplier<HostTools> tools) {
        this.tools = tools;
    }

    @Override
    public String name() {
        return "quickstart";
    }

    @Override
    public String synopsis() {
        return "quickstart [--workdir DIR]        walk through what virtshare does here, on the embedded default";
    }

    @Override
    public Output run(List<String> words, Console console) {
        Args args = Args.parse(words, Set.of("workdir"), Set.of()).noOperands();
        return new Output.Tree(Quickstart.run(args.option("workdir").map(console::path).orElse(null), console.stream(), tools.get()));
    }
}
