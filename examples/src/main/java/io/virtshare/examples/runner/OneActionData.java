package io.virtshare.examples.runner;

import io.virtshare.internal.xml.SafeXml;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What oned sends a datastore driver: the base64 of
 * {@code <DS_DRIVER_ACTION_DATA><IMAGE>…</IMAGE><DATASTORE>…</DATASTORE></DS_DRIVER_ACTION_DATA>},
 * read as hostile input — bounded size, strict base64 and UTF-8, XML without DTDs or entities
 * ({@link SafeXml}) — reduced to the values the driver uses.
 *
 * @param imageId {@code IMAGE/ID}, when given
 * @param imagePath {@code IMAGE/PATH}: what cp and stat register or measure; for clone, the
 *     SOURCE of the image being cloned
 * @param imageSource {@code IMAGE/SOURCE}: what rm removes
 * @param datastoreId {@code DATASTORE/ID}, when given
 * @param basePath {@code DATASTORE/BASE_PATH}, absolute, normalised, without whitespace
 * @param tmMad {@code DATASTORE/TM_MAD}, when given
 * @param safeDirs {@code DATASTORE/TEMPLATE/SAFE_DIRS}, when given
 * @param restrictedDirs {@code DATASTORE/TEMPLATE/RESTRICTED_DIRS}, when given
 * @param limitMb {@code DATASTORE/TEMPLATE/LIMIT_MB}, when given
 */
record OneActionData(Optional<String> imageId, Optional<String> imagePath, Optional<String> imageSource,
        Optional<String> datastoreId, Path basePath, Optional<String> tmMad, Optional<String> safeDirs,
        Optional<String> restrictedDirs, Optional<String> limitMb) {

    /** The most base64 characters read: oned's action data is a few KB. */
    static final int MAX_BASE64_CHARS = 1 << 20;
    static final String ROOT = "DS_DRIVER_ACTION_DATA";

    /**
     * Decodes and parses what oned sent.
     *
     * @throws OneDriverException when the data is not base64 of UTF-8 XML with the expected
     *     root, lacks BASE_PATH, or BASE_PATH cannot be a SOURCE prefix
     * @throws io.virtshare.xml.XmlParseException when the XML is malformed or hostile
     */
    static OneActionData decode(String base64) {
        String compact = base64.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            throw new OneDriverException("no " + ROOT + " was given: oned sends it base64-encoded on standard input"
                    + " (older releases as an argument); run the driver from oned, or pipe the data in");
        }
        if (compact.length() > MAX_BASE64_CHARS) {
            throw new OneDriverException(ROOT + " is larger than " + MAX_BASE64_CHARS + " base64 characters, far more"
                    + " than oned sends; refused");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new OneDriverException(ROOT + " is not valid base64 (" + e.getMessage() + "); oned sends the"
                    + " action data base64-encoded: check what calls the driver");
        }
        String xml;
        try {
            xml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new OneDriverException(ROOT + " is not UTF-8 text; oned sends XML: check what calls the driver");
        }
        Element root = SafeXml.parse(xml, ROOT, ROOT).getDocumentElement();
        Optional<Element> image = child(root, "IMAGE");
        Optional<Element> datastore = child(root, "DATASTORE");
        if (datastore.isEmpty()) {
            throw new OneDriverException(ROOT + " has no <DATASTORE>; oned always sends the datastore: check what"
                    + " calls the driver");
        }
        Optional<Element> template = datastore.flatMap(d -> child(d, "TEMPLATE"));
        String base = text(datastore, "BASE_PATH").orElseThrow(() -> new OneDriverException(ROOT
                + " has no DATASTORE/BASE_PATH; oned sets it for every datastore: check the datastore's definition"));
        return new OneActionData(text(image, "ID"), text(image, "PATH"), text(image, "SOURCE"),
                text(datastore, "ID"), basePath(base), text(datastore, "TM_MAD"), text(template, "SAFE_DIRS"),
                text(template, "RESTRICTED_DIRS"), text(template, "LIMIT_MB"));
    }

    /**
     * BASE_PATH as a path: absolute, and without whitespace, since oned splits the answer of
     * cp ({@code SOURCE FORMAT}) on whitespace and a SOURCE under such a BASE_PATH would break.
     */
    private static Path basePath(String value) {
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new OneDriverException("BASE_PATH '" + value + "' contains whitespace, and oned splits the answer"
                    + " of cp (SOURCE FORMAT) on whitespace, so no image SOURCE could live there; use a BASE_PATH"
                    + " without spaces (DATASTORE_LOCATION in oned.conf)");
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new OneDriverException("BASE_PATH '" + value + "' is not a valid path (" + e.getReason() + ")");
        }
        if (!path.isAbsolute() || path.normalize().getNameCount() == 0) {
            throw new OneDriverException("BASE_PATH '" + value + "' is not an absolute directory below /; check"
                    + " DATASTORE_LOCATION in oned.conf");
        }
        return path.normalize();
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The trimmed text of {@code parent}'s child {@code name}; empty when missing or blank. */
    private static Optional<String> text(Optional<Element> parent, String name) {
        return parent.flatMap(p -> child(p, name)).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
    }

    /** {@code IMAGE/PATH}, required by {@code action}. */
    String requirePath(String action) {
        return imagePath.orElseThrow(() -> new OneDriverException(action + " needs IMAGE/PATH in " + ROOT
                + " and it is missing or empty; give the image a PATH"));
    }
}
