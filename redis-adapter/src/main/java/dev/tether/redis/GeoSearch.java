package dev.tether.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What GEOSEARCH looks for: a centre (FROMMEMBER or FROMLONLAT), a shape (BYRADIUS or BYBOX), and
 * optionally an order (ASC/DESC), a COUNT (ANY: stop at the first matches found) and what each
 * result carries (WITHDIST, WITHCOORD). Start from {@link #fromMember} or {@link #fromLonLat}; a
 * shape is required. Immutable.
 */
public final class GeoSearch {

    private final List<Object> from;
    private final List<Object> shape;
    private final String order;
    private final long count; // 0: no COUNT
    private final boolean any;
    private final boolean withDistance;
    private final boolean withCoordinates;

    private GeoSearch(List<Object> from, List<Object> shape, String order, long count, boolean any,
            boolean withDistance, boolean withCoordinates) {
        this.from = from;
        this.shape = shape;
        this.order = order;
        this.count = count;
        this.any = any;
        this.withDistance = withDistance;
        this.withCoordinates = withCoordinates;
    }

    /** FROMMEMBER: centred on where {@code member} is. */
    public static GeoSearch fromMember(String member) {
        Objects.requireNonNull(member, "member");
        return new GeoSearch(List.of("FROMMEMBER", member), null, null, 0, false, false, false);
    }

    /** FROMLONLAT: centred on a point. */
    public static GeoSearch fromLonLat(double longitude, double latitude) {
        if (Double.isNaN(longitude) || Double.isNaN(latitude)) {
            throw new IllegalArgumentException("GEOSEARCH FROMLONLAT coordinates must not be NaN");
        }
        return new GeoSearch(List.of("FROMLONLAT", longitude, latitude), null, null, 0, false, false, false);
    }

    /** BYRADIUS: within {@code radius} of the centre. */
    public GeoSearch byRadius(double radius, GeoUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (!(radius >= 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("GEOSEARCH radius must be a non-negative number, got " + radius);
        }
        return withShape(List.of("BYRADIUS", radius, unit.wire()));
    }

    /** BYBOX: within a {@code width} by {@code height} box centred on the centre. */
    public GeoSearch byBox(double width, double height, GeoUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (!(width >= 0) || !(height >= 0) || Double.isInfinite(width) || Double.isInfinite(height)) {
            throw new IllegalArgumentException("GEOSEARCH box sides must be non-negative numbers, got " + width + " by " + height);
        }
        return withShape(List.of("BYBOX", width, height, unit.wire()));
    }

    private GeoSearch withShape(List<Object> s) {
        if (shape != null) {
            throw new IllegalArgumentException("GEOSEARCH takes one of BYRADIUS and BYBOX");
        }
        return new GeoSearch(from, s, order, count, any, withDistance, withCoordinates);
    }

    /** ASC: nearest first. */
    public GeoSearch ascending() {
        return new GeoSearch(from, shape, "ASC", count, any, withDistance, withCoordinates);
    }

    /** DESC: farthest first. */
    public GeoSearch descending() {
        return new GeoSearch(from, shape, "DESC", count, any, withDistance, withCoordinates);
    }

    /** COUNT: at most {@code count} results (the nearest, after sorting them all). */
    public GeoSearch count(long count) {
        return withCount(count, false);
    }

    /** COUNT ... ANY: at most {@code count} results, returned as soon as that many are found (not the nearest). */
    public GeoSearch countAny(long count) {
        return withCount(count, true);
    }

    private GeoSearch withCount(long n, boolean anyMatch) {
        if (n < 1) {
            throw new IllegalArgumentException("GEOSEARCH COUNT must be positive, got " + n);
        }
        return new GeoSearch(from, shape, order, n, anyMatch, withDistance, withCoordinates);
    }

    /** WITHDIST: each result carries its distance from the centre, in the shape's unit. */
    public GeoSearch withDistance() {
        return new GeoSearch(from, shape, order, count, any, true, withCoordinates);
    }

    /** WITHCOORD: each result carries its position. */
    public GeoSearch withCoordinates() {
        return new GeoSearch(from, shape, order, count, any, withDistance, true);
    }

    boolean distances() {
        return withDistance;
    }

    boolean coordinates() {
        return withCoordinates;
    }

    /** FROM... BY... [ASC|DESC] [COUNT n [ANY]] [WITHCOORD] [WITHDIST]. */
    List<Object> arguments() {
        if (shape == null) {
            throw new IllegalArgumentException("GEOSEARCH needs a shape: byRadius or byBox");
        }
        List<Object> args = new ArrayList<>(from.size() + shape.size() + 6);
        args.addAll(from);
        args.addAll(shape);
        if (order != null) {
            args.add(order);
        }
        if (count > 0) {
            args.add("COUNT");
            args.add(count);
            if (any) {
                args.add("ANY");
            }
        }
        if (withCoordinates) {
            args.add("WITHCOORD");
        }
        if (withDistance) {
            args.add("WITHDIST");
        }
        return args;
    }

    @Override
    public String toString() {
        return "GeoSearch" + (shape == null ? from : arguments());
    }
}
