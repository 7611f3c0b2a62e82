package dev.tether.connection;

/**
 * From init: start nothing. {@code start} throws {@link StartIgnoredException}; terminate is
 * not called.
 */
public record Ignore() implements InitResult {
    static final Ignore INSTANCE = new Ignore();
}
