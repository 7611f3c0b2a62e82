package dev.tether.redis;

/** A key and a value, as BLPOP returns them. */
public record KeyValue(String key, String value) {
}
