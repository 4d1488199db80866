package io.virtshare.xml;

import io.virtshare.VirtShareException;

/**
 * XML input was refused: malformed (with the line and column), too large, carrying a
 * DTD or external entities (refused as hostile), or not the document expected.
 *
 * <pre>{@code
 * try { DomainXml.parse(text); }
 * catch (XmlParseException e) { System.err.println(e.line() + ":" + e.column() + " " + e.getMessage()); }
 * }</pre>
 */
public class XmlParseException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * @param message what is wrong and what to do
     * @param line the line of the problem, or -1
     * @param column the column of the problem, or -1
     * @param cause the parser's error, or null
     */
    public XmlParseException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /** The line of the problem, or -1 when it is not about one place. */
    public int line() {
        return line;
    }

    /** The column of the problem, or -1 when it is not about one place. */
    public int column() {
        return column;
    }
}
