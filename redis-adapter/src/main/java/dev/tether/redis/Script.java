package dev.tether.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lua script with its SHA-1, computed once on the client, as the server names it (SCRIPT LOAD
 * returns the same digest). Immutable; make one per script with {@link #of} and keep it.
 * {@code evalScript} sends EVALSHA and falls back to EVAL (which also loads the script) only
 * when the server does not know it yet.
 */
public final class Script {

    private final String source;
    private final String sha1;

    private Script(String source, String sha1) {
        this.source = source;
        this.sha1 = sha1;
    }

    /** The script whose text is {@code source}; its SHA-1 is computed here, over the UTF-8 bytes. */
    public static Script of(String source) {
        Objects.requireNonNull(source, "source");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new Script(source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required MessageDigest of every Java platform", e);
        }
    }

    /** The script's text. */
    public String source() {
        return source;
    }

    /** The SHA-1 of the text as 40 lower-case hex digits: what EVALSHA sends. */
    public String sha1() {
        return sha1;
    }

    /** Two scripts are equal when their texts are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Script s && s.source.equals(source);
    }

    @Override
    public int hashCode() {
        return sha1.hashCode();
    }

    /** The digest only: a script may be long. */
    @Override
    public String toString() {
        return "Script[" + sha1 + "]";
    }
}
