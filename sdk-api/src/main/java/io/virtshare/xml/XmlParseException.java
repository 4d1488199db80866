package io.virtshare.xml;

import io.virtshare.VirtShareException;

/**
 * XML given to the {@link XmlCodec} could not be read: it is malformed, too large,
 * declares a DTD, has the wrong root element or holds a value the model cannot take
 * (a capacity of {@code abc}, a negative size).
 *
 * <p>The message names the problem and, where known, where it is; {@link #line()} and
 * {@link #column()} give the position for tools.
 *
 * <pre>{@code
 * try {
 *     XmlCodec.defaults().readPool(xml);
 * } catch (XmlParseException e) {
 *     System.err.printf("pool.xml:%d:%d: %s%n", e.line(), e.column(), e.getMessage());
 * }
 * }</pre>
 */
public class XmlParseException extends VirtShareException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * Creates an error at a known position.
     *
     * @param message what is wrong and what to do
     * @param line the line, counted from 1, or -1 when unknown
     * @param column the column, counted from 1, or -1 when unknown
     */
    public XmlParseException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /**
     * Creates an error at a known position, caused by another one.
     *
     * @param message what is wrong and what to do
     * @param line the line, counted from 1, or -1 when unknown
     * @param column the column, counted from 1, or -1 when unknown
     * @param cause the underlying failure
     */
    public XmlParseException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /** The line of the problem, counted from 1; -1 when unknown. */
    public int line() {
        return line;
    }

    /** The column of the problem, counted from 1; -1 when unknown. */
    public int column() {
        return column;
    }
}
