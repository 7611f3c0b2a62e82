package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The options of XADD: NOMKSTREAM (do not create a missing stream) and trimming. Immutable;
 * start from {@link #none()}.
 */
public final class XAddOptions {

    private static final XAddOptions NONE = new XAddOptions(false, null);

    private final boolean noMkStream;
    private final StreamTrim trim;

    private XAddOptions(boolean noMkStream, StreamTrim trim) {
        this.noMkStream = noMkStream;
        this.trim = trim;
    }

    /** No options: the stream is created if missing and not trimmed. */
    public static XAddOptions none() {
        return NONE;
    }

    /** NOMKSTREAM: add nothing (and reply null) when the stream does not exist. */
    public XAddOptions noMkStream() {
        return new XAddOptions(true, trim);
    }

    /** Trim the stream as it is added to. */
    public XAddOptions trim(StreamTrim how) {
        return new XAddOptions(noMkStream, Objects.requireNonNull(how, "trim"));
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(6);
        if (noMkStream) {
            args.add("NOMKSTREAM");
        }
        if (trim != null) {
            args.addAll(trim.arguments());
        }
        return args;
    }

    @Override
    public String toString() {
        return "XAddOptions" + arguments();
    }
}
