package dev.tether.redis;

/**
 * A hash field and its value, as HRANDFIELD ... WITHVALUES returns them (a list of these rather
 * than a map, since a negative count may return the same field more than once).
 *
 * @param field the field name
 * @param value its value
 */
public record FieldValue(String field, String value) {
}
