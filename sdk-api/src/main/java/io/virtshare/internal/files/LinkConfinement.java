package io.virtshare.internal.files;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The one rule for symbolic links in an image, for archives and directories alike: a
 * link is kept only when it is relative and, resolved as the kernel would (component by
 * component, chains followed, at most {@value #MAX_HOPS} hops), never leaves the tree.
 */
public final class LinkConfinement {
    /** The longest link chain followed. */
    public static final int MAX_HOPS = 40;

    private LinkConfinement() {
    }

    /** Reads the tree being judged. */
    @FunctionalInterface
    public interface Links {
        /**
         * The target of the link at {@code components} (relative to the tree's root), or empty
         * when nothing there is a link.
         */
        Optional<String> target(List<String> components) throws IOException;
    }

    /**
     * Why the link at {@code link} (components relative to the root) with {@code target}
     * is refused, or empty when it stays inside the tree.
     */
    public static Optional<String> escape(List<String> link, String target, Links links) throws IOException {
        if (target.startsWith("/")) {
            return Optional.of("it links to the absolute path '" + target
                    + "'; only relative links inside the tree are kept");
        }
        Deque<String> resolved = new ArrayDeque<>(link.subList(0, link.size() - 1));
        Deque<String> pending = new ArrayDeque<>(List.of(target.split("/")));
        int hops = 1;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (resolved.isEmpty()) {
                    return Optional.of("its link target '" + target + "' leads out of the tree;"
                            + " only relative links inside the tree are kept");
                }
                resolved.removeLast();
                continue;
            }
            resolved.addLast(part);
            Optional<String> next = links.target(List.copyOf(resolved));
            if (next.isPresent()) {
                if (++hops > MAX_HOPS) {
                    return Optional.of("its link chain is longer than " + MAX_HOPS + " links");
                }
                if (next.get().startsWith("/")) {
                    return Optional.of("its link chain reaches the absolute path '" + next.get()
                            + "'; only relative links inside the tree are kept");
                }
                resolved.removeLast();
                List<String> parts = List.of(next.get().split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
            }
        }
        return Optional.empty();
    }
}
