package dev.tether.redis;

/**
 * A cluster's answer that a command did not run here: MOVED (the slot lives elsewhere now), ASK
 * (this one command, during a migration, goes to the target after ASKING) or TRYAGAIN (a
 * multi-key command while its slot is migrating: retry shortly). Parsed from the error reply.
 *
 * @param kind MOVED, ASK or TRYAGAIN
 * @param slot the slot (MOVED, ASK), or -1
 * @param address the target {@code host:port} (MOVED, ASK), or null
 */
record ClusterRedirect(String kind, int slot, String address) {

    /** The redirect {@code error} asks for, or null if it is not one. */
    static ClusterRedirect of(RedisError error) {
        String code = error.code();
        if (code.equals("TRYAGAIN")) {
            return new ClusterRedirect(code, -1, null);
        }
        if (!code.equals("MOVED") && !code.equals("ASK")) {
            return null;
        }
        String[] parts = error.message().split(" ");
        if (parts.length < 3) {
            return null;
        }
        String address = parts[2];
        if (address.startsWith(":")) {
            return null; // an unknown endpoint ("?:port" or ":port"): nothing to follow
        }
        return new ClusterRedirect(code, Integer.parseInt(parts[1]), address);
    }

    /** The redirect inside a failed call, or null. */
    static ClusterRedirect of(Throwable failure) {
        return failure instanceof RedisErrorException e ? of(e.error()) : null;
    }

    boolean moved() {
        return kind.equals("MOVED");
    }

    boolean ask() {
        return kind.equals("ASK");
    }
}
