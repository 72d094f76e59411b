/**
 * The synthetic chain: immutable snapshots ({@link dev.ampconnect.simulator.chain.ChainState}) with the fork tree
 * that lets stale cursors walk back, and the thread-safe {@link dev.ampconnect.simulator.chain.SyntheticChain}
 * that grows and reorgs it.
 */
package dev.ampconnect.simulator.chain;
