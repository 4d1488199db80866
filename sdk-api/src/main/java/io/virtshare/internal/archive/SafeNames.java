package io.virtshare.internal.archive;

import io.virtshare.internal.files.FileNames;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Turns untrusted entry names into safe relative paths, as Python's {@code tarfile}
 * data filter does: leading slashes stripped, {@code .} and empty components dropped,
 * {@code ..} resolved lexically and refused when it climbs above the root.
 */
final class SafeNames {
    private SafeNames() {
    }

    /**
     * The components of {@code raw} under the root, or an explanation of why it is refused.
     *
     * @return the components (empty for the root itself)
     * @throws UnsafeEntryException when the name escapes or breaks a limit
     */
    static List<String> components(String raw, ExtractionLimits limits) {
        if (raw.indexOf('\0') >= 0) {
            throw new UnsafeEntryException("its name contains a NUL byte");
        }
        if (utf8Length(raw) > limits.maxPathLength()) {
            throw new UnsafeEntryException("its name is longer than " + limits.maxPathLength() + " bytes");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new UnsafeEntryException("its name climbs out of the extraction directory with '..'");
                }
                parts.removeLast();
                continue;
            }
            if (part.indexOf('\uFFFD') >= 0) {
                throw new UnsafeEntryException("its name is not valid UTF-8 (shown with \uFFFD where bytes could"
                        + " not be read); " + FileNames.RENAME_TO_UTF8);
            }
            Optional<String> unwritable = FileNames.unwritable(part);
            if (unwritable.isPresent()) {
                throw new UnsafeEntryException(unwritable.get());
            }
            if (utf8Length(part) > limits.maxNameLength()) {
                throw new UnsafeEntryException("a component of its name is longer than " + limits.maxNameLength()
                        + " bytes");
            }
            parts.addLast(part);
        }
        return List.copyOf(parts);
    }

    /**
     * The length of {@code s} in UTF-8, as {@code s.getBytes(UTF_8).length} gives it (a lone
     * surrogate is one byte, its replacement), without making the bytes.
     */
    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** A refused entry name or link; the extractor adds the archive and entry to the message. */
    static final class UnsafeEntryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsafeEntryException(String reason) {
            super(reason);
        }
    }
}
