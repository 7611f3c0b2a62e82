/**
 * Tether's resilience demo: workers share one client and keep sending commands while the server
 * is killed and brought back, and every outcome the callers were told is checked against the
 * server. Start with {@link dev.tether.examples.demo.ResilienceDemo}; the README's "Demo" section
 * has the command.
 */
package dev.tether.examples.demo;
