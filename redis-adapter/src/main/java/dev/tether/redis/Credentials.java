package dev.tether.redis;

import java.util.Objects;

/**
 * A username (null for the default user) and password for AUTH/HELLO. {@code toString} never
 * shows the password.
 */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
