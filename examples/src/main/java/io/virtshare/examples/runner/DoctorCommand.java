package io.virtshare.examples.runner;

import io.virtshare.examples.HostDoctor;
import io.virtshare.testkit.HostTools;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code doctor [--reflink-dir DIR]}: which host tools are present and usable, as JSON. */
final class DoctorCommand implements Command {
    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String synopsis() {
        return "doctor [--reflink-dir DIR]        which host tools are present and usable, as JSON";
    }

    @Override
    public Output run(List<String> words, Console console) {
        Args args = Args.parse(words, Set.of("reflink-dir"), Set.of()).noOperands();
        Path dir = console.path(args.option("reflink-dir").orElse(""));
        console.say("checking host tools (the KVM probe boots a kernel and may take up to 15 s)...");
        return new Output.Tree(HostDoctor.report(HostTools.detectFromSystemProperty(), dir));
    }
}
