/**
 * The amp server simulator: {@link dev.ampconnect.simulator.AmpSimulator} (library entry point, builder),
 * {@link dev.ampconnect.simulator.AmpSimulatorMain} (standalone process) and
 * {@link dev.ampconnect.simulator.SelfSignedCertificate} (TLS for tests). See the module's README.md.
 */
package dev.ampconnect.simulator;
