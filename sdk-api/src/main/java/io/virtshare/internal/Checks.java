package io.virtshare.internal;

import io.virtshare.InvalidSpecException;

/** Argument checks shared by the model records. */
public final class Checks {
    private Checks() {
    }

    /** Refuses null components with a message that says to use empty values instead. */
    public static void nonNull(Object... components) {
        for (Object c : components) {
            if (c == null) {
                throw new InvalidSpecException("a component is null; use Optional.empty(), an empty list or "
                        + "XmlExtras.none() for absent values");
            }
        }
    }
}
