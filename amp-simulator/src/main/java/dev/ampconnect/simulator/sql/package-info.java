/** The SQL subset the simulator understands: SELECT columns FROM dataset.table, block filters, SETTINGS stream. */
package dev.ampconnect.simulator.sql;
