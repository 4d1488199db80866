package io.virtshare.share;

import io.virtshare.InvalidSpecException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A VM's shares were refused — when the {@link VmShares} was made (duplicates) or by its
 * pre-flight checks ({@link VmShares#check()}); all problems are listed, so one run shows
 * everything to fix.
 *
 * <p>{@link #shareProblems()} gives each problem with its rule and subject;
 * {@link #problems()} gives the same as text, like every {@link InvalidSpecException}.
 *
 * <pre>{@code
 * try {
 *     vm.check(VirtiofsdFlavour.C);          // vm: a VmShares
 * } catch (SharesRejectedException e) {
 *     e.shareProblems().forEach(p -> System.err.println(p.rule() + " " + p.subject() + ": " + p.message()));
 * }
 * }</pre>
 */
public class SharesRejectedException extends InvalidSpecException {
    private static final long serialVersionUID = 1L;

    private final transient List<ShareProblem> problems;

    /** @param problems what was found (at least one) */
    public SharesRejectedException(List<ShareProblem> problems) {
        super(List.of(message(problems)));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<ShareProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " with the shares:\n"
                + problems.stream().map(p -> "- " + p.subject() + ": " + p.message()).collect(Collectors.joining("\n"));
    }

    /** Every problem found, one line each ({@code subject: message}). */
    @Override
    public List<String> problems() {
        return problems.stream().map(p -> p.subject() + ": " + p.message()).toList();
    }

    /** Every problem found, with the rule that found it. */
    public List<ShareProblem> shareProblems() {
        return problems;
    }
}
