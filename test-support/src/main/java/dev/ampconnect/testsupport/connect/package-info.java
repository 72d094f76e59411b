/**
 * Kafka + Connect for tests: {@link dev.ampconnect.testsupport.connect.ConnectClusterExtension} starts
 * a {@link dev.ampconnect.testsupport.connect.ConnectCluster} (Kafka's in-JVM
 * {@code EmbeddedConnectCluster}) per test class, shaped by a
 * {@link dev.ampconnect.testsupport.connect.ConnectClusterSpec}; records are read back with a
 * {@link dev.ampconnect.testsupport.connect.TopicReader} and connectors driven through a
 * {@link dev.ampconnect.testsupport.connect.ConnectorClient}.
 */
package dev.ampconnect.testsupport.connect;
