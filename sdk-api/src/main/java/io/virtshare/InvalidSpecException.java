package io.virtshare;

import java.util.List;

/**
 * A spec or value does not make sense, or lacks what the target system needs: a pool
 * without the source host its type needs, a negative size, a sparse logical volume.
 *
 * <p>{@link #problems()} lists every problem found, each saying what to add or change;
 * the message joins them.
 *
 * <pre>{@code
 * try {
 *     PoolSpec.netfs("images").target(Path.of("/mnt/images")).build().validate();
 * } catch (InvalidSpecException e) {
 *     e.problems().forEach(System.err::println); // "a netfs pool needs a source host ..."
 * }
 * }</pre>
 */
public class InvalidSpecException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * Creates an error for one problem.
     *
     * @param problem what is wrong and what to do
     */
    public InvalidSpecException(String problem) {
        this(List.of(problem));
    }

    /**
     * Creates an error for several problems.
     *
     * @param problems what is wrong and what to do, one entry each; not empty
     */
    public InvalidSpecException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each saying what to add or change. */
    public List<String> problems() {
        return problems;
    }
}
