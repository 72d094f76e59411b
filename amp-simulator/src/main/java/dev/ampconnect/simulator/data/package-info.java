/**
 * The tables of the synthetic EVM dataset with amp's Arrow types, rows as pure functions of their block, and the
 * writer that puts plain Java values into Arrow vectors.
 */
package dev.ampconnect.simulator.data;
