package io.github.domainsnapshot.codec;

import com.ctc.wstx.api.ReaderConfig;
import com.ctc.wstx.exc.WstxIOException;
import com.ctc.wstx.io.BranchingReaderSource;
import com.ctc.wstx.io.InputBootstrapper;
import com.ctc.wstx.io.InputSourceFactory;
import com.ctc.wstx.io.SystemId;
import com.ctc.wstx.sr.ReaderCreator;
import com.ctc.wstx.sr.TypedStreamReader;
import com.ctc.wstx.stax.WstxInputFactory;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import java.io.IOException;
import java.io.Reader;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Woodstox's stream reader with the limits Woodstox has no setting for, applied while a token is
 * read, so that memory stays bounded whatever the input: a name (of an element, an attribute, a
 * prefix, a processing instruction's target, an entity) is refused once longer than {@link
 * XmlLimits#MAX_NAME}, a processing instruction once longer than {@link XmlLimits#MAX_TEXT}, and a
 * document type declaration as soon as it needs more input (it is refused anyway: nothing in it is
 * read). Woodstox reads a name, or a processing instruction, whole into a buffer before anything
 * can measure it: 50,000,000 characters of a name were 100 MB of buffer and as much again of
 * string.
 *
 * <p>No tokenizing here: Woodstox parses, and this class only looks at where it stands each time
 * it asks for more input ({@link #loadMore()}, {@link #loadMoreFromCurrent()}, {@link
 * #ensureInput(int)}). A name is being read between the start and end of Woodstox's methods that
 * read a name past the end of the input buffer ({@link #parseLocalName2}, {@link #parseFullName2},
 * {@link #parseFNameForError}); a name within the buffer is measured once read, by {@link
 * HardenedParser}. So a name holds at most the limit plus one buffer (4,000 characters) before it
 * is refused.
 *
 * <p>The document is read as XML 1.0 even when it declares version 1.1, as libxml2 (and so libvirt)
 * reads it: libxml2 warns that the version is not supported and parses by XML 1.0's rules, so
 * that, for example, {@code &#x1;} is an error.
 */
final class LimitedStreamReader extends TypedStreamReader {
    /** The absolute offset of the name being read, or -1. */
    private long nameStart = -1;

    private LimitedStreamReader(
            InputBootstrapper bs, BranchingReaderSource input, ReaderCreator owner, ReaderConfig cfg, boolean forER)
            throws XMLStreamException {
        super(bs, input, owner, cfg, createElementStack(cfg), forER);
    }

    /** Woodstox's factory, making readers of this class. */
    static final class Factory extends WstxInputFactory {
        @Override
        public XMLStreamReader2 createSR(
                ReaderConfig cfg, SystemId systemId, InputBootstrapper bs, boolean forER, boolean autoCloseInput)
                throws XMLStreamException {
            // as WstxInputFactory.doCreateSR, but for XML 1.1, which is read as XML 1.0 (see above)
            Reader r;
            try {
                r = bs.bootstrapInput(cfg, true, com.ctc.wstx.cfg.XmlConsts.XML_V_UNKNOWN);
            } catch (IOException e) {
                throw new WstxIOException(e);
            }
            BranchingReaderSource input = InputSourceFactory.constructDocumentSource(
                    cfg, bs, null, systemId, r, autoCloseInput || cfg.willAutoCloseInput());
            return new LimitedStreamReader(bs, input, this, cfg, forER);
        }
    }

    /** A limit of this class was reached: refused with its kind and reason, where the token starts. */
    static final class Refused extends XMLStreamException {
        private static final long serialVersionUID = 1L;

        final transient Kind kind;
        final String reason;

        Refused(Kind kind, String reason, Location at) {
            super(reason, at);
            this.kind = kind;
            this.reason = reason;
        }
    }

    // ---- names read past the end of the buffer

    @Override
    protected String parseLocalName2(int start, int hash) throws XMLStreamException {
        nameStart = mCurrInputProcessed + start;
        try {
            return super.parseLocalName2(start, hash);
        } finally {
            nameStart = -1;
        }
    }

    @Override
    protected String parseFullName2(int start, int hash) throws XMLStreamException {
        nameStart = mCurrInputProcessed + start;
        try {
            return super.parseFullName2(start, hash);
        } finally {
            nameStart = -1;
        }
    }

    @Override
    protected String parseFNameForError() throws XMLStreamException {
        // the rest of a name, for a message: read to its end, as long as it is
        nameStart = mCurrInputProcessed + mInputPtr - 1;
        try {
            return super.parseFNameForError();
        } finally {
            nameStart = -1;
        }
    }

    // ---- every way more input is read

    @Override
    protected boolean loadMore() throws XMLStreamException {
        checkLimits();
        long offset = mCurrInputProcessed + mInputEnd;
        int row = mCurrInputRow;
        int column = mInputEnd - mCurrInputRowStart + 1;
        try {
            return super.loadMore();
        } catch (XMLStreamException e) {
            throw refusedCharacter(e, offset, row, column);
        }
    }

    @Override
    protected boolean loadMoreFromCurrent() throws XMLStreamException {
        checkLimits();
        long offset = mCurrInputProcessed + mInputEnd;
        int row = mCurrInputRow;
        int column = mInputEnd - mCurrInputRowStart + 1;
        try {
            return super.loadMoreFromCurrent();
        } catch (XMLStreamException e) {
            throw refusedCharacter(e, offset, row, column);
        }
    }

    @Override
    protected boolean ensureInput(int minAmount) throws XMLStreamException {
        checkLimits();
        long offset = mCurrInputProcessed + mInputEnd;
        int row = mCurrInputRow;
        int column = mInputEnd - mCurrInputRowStart + 1;
        try {
            return super.ensureInput(minAmount);
        } catch (XMLStreamException e) {
            throw refusedCharacter(e, offset, row, column);
        }
    }

    /** A DOCTYPE's internal subset is skipped by a reader of its own: refused before it starts. */
    @Override
    protected void finishDTD(boolean copyContents) throws XMLStreamException {
        throw new Refused(Kind.FORBIDDEN, HardenedParser.DOCTYPE_REFUSED, getLocation());
    }

    /**
     * A character {@link InputGuard} refused, where it is: the guard hands on everything before
     * it, so the parser had read its whole buffer, and stood on the character, when it asked for
     * more.
     */
    private static XMLStreamException refusedCharacter(XMLStreamException e, long offset, int row, int column) {
        for (Throwable t = e;
                t != null;
                t = t instanceof XMLStreamException x && x.getNestedException() != null
                        ? x.getNestedException()
                        : t.getCause()) {
            if (t instanceof InputGuard.OutOfRange c) {
                return new Refused(Kind.MALFORMED, "malformed XML: " + c.getMessage(), new At(offset, row, column));
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return e;
    }

    /** A place in the document. */
    private record At(long offset, int row, int column) implements Location {
        @Override
        public int getLineNumber() {
            return row;
        }

        @Override
        public int getColumnNumber() {
            return column;
        }

        @Override
        public int getCharacterOffset() {
            return (int) Math.min(offset, Integer.MAX_VALUE);
        }

        @Override
        public String getPublicId() {
            return null;
        }

        @Override
        public String getSystemId() {
            return null;
        }
    }

    /** Refuses what went beyond a limit before it takes more input, and so more memory. */
    private void checkLimits() throws XMLStreamException {
        if (nameStart >= 0 && mCurrInputProcessed + mInputEnd - nameStart > XmlLimits.MAX_NAME) {
            throw new Refused(Kind.LIMIT, "a name is longer than " + XmlLimits.MAX_NAME + " characters", getLocation());
        }
        switch (mCurrToken) {
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                // the instruction's data, as read so far
                if (mTextBuffer.size() > XmlLimits.MAX_TEXT) {
                    throw new Refused(
                            Kind.LIMIT,
                            "a processing instruction is longer than " + XmlLimits.MAX_TEXT + " characters",
                            getLocation());
                }
            }
            case XMLStreamConstants.DTD ->
                throw new Refused(Kind.FORBIDDEN, HardenedParser.DOCTYPE_REFUSED, getLocation());
            default -> {
                // text, comments and attribute values have Woodstox's own limits
            }
        }
    }
}
