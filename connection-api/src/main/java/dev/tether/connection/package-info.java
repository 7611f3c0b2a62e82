/**
 * The Connection behaviour, Tether's port of Elixir's {@code Connection}: start with
 * {@link dev.tether.connection.Connection}, whose javadoc is the contract.
 */
package dev.tether.connection;
