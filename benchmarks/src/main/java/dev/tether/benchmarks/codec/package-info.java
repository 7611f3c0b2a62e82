/**
 * W4 of PERFORMANCE.md: client CPU per command with no I/O (encode, decode, convert, complete),
 * Tether beside Lettuce's and Jedis' codecs in the same JMH run. Run it through the jmh profile:
 * <pre>
 * mvn -pl benchmarks -am package -DskipTests -Pjmh -Djmh.args="CodecBenchmark"
 * </pre>
 */
package dev.tether.benchmarks.codec;
