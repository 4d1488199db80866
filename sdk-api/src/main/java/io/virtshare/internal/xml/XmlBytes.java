package io.virtshare.internal.xml;

import io.virtshare.xml.XmlParseException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of an XML file into text as libxml2 (and so libvirt) does: a byte-order
 * mark chooses UTF-8 or UTF-16 and is dropped, otherwise the XML declaration's encoding
 * applies, UTF-8 when there is none. Bytes that are not valid in that encoding are refused
 * with their offset and line, never replaced.
 */
public final class XmlBytes {
    private static final Pattern DECLARED = Pattern.compile(
            "<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");
    private static final int DECLARATION_LENGTH = 200;

    private XmlBytes() {
    }

    /**
     * The text of {@code bytes}.
     *
     * @param what what the bytes are, for messages (e.g. "the XML")
     * @throws XmlParseException when the encoding is one libvirt does not read or a byte is invalid in it
     */
    public static String decode(byte[] bytes, String what) {
        if (starts(bytes, 0x00, 0x00, 0xFE, 0xFF) || starts(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
            throw refused(what + " is UTF-32 (it starts with a UTF-32 byte-order mark)", "UTF-32");
        }
        if (starts(bytes, 0xEF, 0xBB, 0xBF)) {
            return decode(bytes, 3, StandardCharsets.UTF_8, what);
        }
        if (starts(bytes, 0xFE, 0xFF)) {
            return utf16(bytes, StandardCharsets.UTF_16BE, what);
        }
        if (starts(bytes, 0xFF, 0xFE)) {
            return utf16(bytes, StandardCharsets.UTF_16LE, what);
        }
        if (starts(bytes, 0x00, '<', 0x00, '?') || starts(bytes, '<', 0x00, '?', 0x00)) {
            throw refused(what + " is UTF-16 without a byte-order mark", "UTF-16");
        }
        return decode(bytes, 0, declared(bytes, what), what);
    }

    /** UTF-16 after its byte-order mark; a binary file may start like one, so the text must start as XML. */
    private static String utf16(byte[] bytes, Charset charset, String what) {
        String text = decode(bytes, 2, charset, what);
        if (!text.stripLeading().startsWith("<")) {
            throw new XmlParseException(what + " starts with a UTF-16 byte-order mark (" + String.format("%02X %02X",
                    bytes[0] & 0xFF, bytes[1] & 0xFF) + ") but what follows is not XML: is it the right file?"
                    + " libvirt XML is UTF-8 text", 1, 1);
        }
        return text;
    }

    /** The encoding the XML declaration names, UTF-8 when it names none. */
    private static Charset declared(byte[] bytes, String what) {
        String head = new String(bytes, 0, Math.min(bytes.length, DECLARATION_LENGTH), StandardCharsets.ISO_8859_1);
        Matcher m = DECLARED.matcher(head);
        if (!m.lookingAt()) {
            return StandardCharsets.UTF_8;
        }
        String name = m.group(1);
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("UTF-16") || upper.startsWith("UTF-32") || upper.startsWith("UCS")) {
            throw refused(what + " declares encoding='" + name + "' but its bytes are not " + name
                    + " (they have no byte-order mark and read as ASCII)", name);
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | java.nio.charset.UnsupportedCharsetException e) {
            throw refused(what + " declares encoding='" + name + "', which this JDK cannot read", name);
        }
    }

    private static String decode(byte[] bytes, int start, Charset charset, String what) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8,
                (long) Math.ceil((bytes.length - start) * (double) decoder.maxCharsPerByte())) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw invalid(bytes, in.position(), charset, what);
        }
        return out.flip().toString();
    }

    private static XmlParseException invalid(byte[] bytes, int offset, Charset charset, String what) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String name = charset.name();
        String advice = charset.equals(StandardCharsets.UTF_8)
                ? "libvirt XML is UTF-8; if the file is Latin-1, convert it: iconv -f LATIN1 -t UTF-8 FILE > FILE.utf8"
                : "fix the file or convert it to UTF-8 with iconv -f " + name + " -t UTF-8 FILE > FILE.utf8";
        return new XmlParseException(what + " is not valid " + name + ": byte 0x"
                + String.format("%02X", bytes[offset] & 0xFF) + " at offset " + offset + " (line " + line
                + ") is not part of a " + name + " character; " + advice, line, offset - lineStart + 1);
    }

    private static XmlParseException refused(String problem, String encoding) {
        return new XmlParseException(problem + "; libvirt XML is UTF-8: convert it with iconv -f " + encoding
                + " -t UTF-8 FILE > FILE.utf8", 1, 1);
    }

    private static boolean starts(byte[] bytes, int... prefix) {
        byte[] wanted = new byte[prefix.length];
        for (int i = 0; i < prefix.length; i++) {
            wanted[i] = (byte) prefix[i];
        }
        return bytes.length >= wanted.length && Arrays.equals(bytes, 0, wanted.length, wanted, 0, wanted.length);
    }
}
