package io.virtshare.internal.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rule for names in an image: valid UTF-8, and writable by this JVM, whose file
 * names go through {@code sun.jnu.encoding} (set from the locale at start-up; under
 * {@code LC_ALL=C} it is ASCII and {@code -Dsun.jnu.encoding} does not change it).
 */
public final class FileNames {
    private static final Charset JNU = jnu();

    private FileNames() {
    }

    /**
     * Whether {@link #JNU} writes every ASCII character as itself: true of every charset a
     * locale gives on Linux, checked rather than assumed.
     */
    private static final boolean ASCII_AS_ITSELF = asciiAsItself();

    private static boolean asciiAsItself() {
        StringBuilder ascii = new StringBuilder(127);
        for (char c = 1; c < 0x80; c++) {
            ascii.append(c);
        }
        byte[] bytes = ascii.toString().getBytes(JNU);
        if (bytes.length != ascii.length()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != ascii.charAt(i)) {
                return false;
            }
        }
        return JNU.newEncoder().canEncode(ascii);
    }

    /**
     * Whether {@link #JNU} can encode {@code name}: without a charset encoder (made anew per
     * call, the most of what checking a name cost) when the name is ASCII, or well-formed
     * UTF-16 and the charset is UTF-8.
     */
    static boolean encodable(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) < 0x80) {
            i++;
        }
        if (i == name.length() && ASCII_AS_ITSELF) {
            return true;
        }
        if (JNU.equals(StandardCharsets.UTF_8)) {
            for (; i < name.length(); i++) {
                char c = name.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
        return JNU.newEncoder().canEncode(name);
    }

    private static Charset jnu() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The charset this JVM uses for file names. */
    public static Charset charset() {
        return JNU;
    }

    /** {@code name} as the bytes this JVM passes to the kernel. */
    public static byte[] bytes(String name) {
        return name.getBytes(JNU);
    }

    /** The name in {@code raw}, decoded strictly as UTF-8; empty when it is not valid UTF-8. */
    public static Optional<String> utf8(byte[] raw) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** {@code raw} for a message: printable ASCII as it is, every other byte as {@code \xNN}. */
    public static String shown(byte[] raw) {
        StringBuilder s = new StringBuilder();
        for (byte b : raw) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.toString();
    }

    /** What to do about a name that is not valid UTF-8. */
    public static final String RENAME_TO_UTF8 = "rename it to UTF-8 (e.g. convmv -f latin1 -t utf8)";

    /**
     * Why this JVM cannot write {@code name} as a file name, or empty when it can; the
     * reason says what to do.
     */
    public static Optional<String> unwritable(String name) {
        if (!encodable(name)) {
            return Optional.of("its name has characters this JVM cannot put in a file name: its file name"
                    + " encoding is " + JNU.name() + ", from the locale; run Java under a UTF-8 locale"
                    + " (e.g. LANG=C.UTF-8, with LC_ALL unset or UTF-8)");
        }
        return Optional.empty();
    }
}
