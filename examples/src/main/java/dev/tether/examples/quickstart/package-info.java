/**
 * The README's two quickstarts as programs: {@code Echo} (a connection written against the
 * behaviour) and {@code RedisQuickstart} (the Redis client). The README shows their code between
 * the {@code // snippet:} markers, and {@code DocSnippetsTest} fails when the two drift apart;
 * {@code QuickstartsTest} runs both, the Redis one against a real {@code redis-server}.
 */
package dev.tether.examples.quickstart;
