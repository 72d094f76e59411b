/**
 * The Testcontainers seam: {@link dev.ampconnect.testsupport.containers.DockerEngine} guards every
 * container-backed candidate, which sits in a service's candidate list after its environment override
 * and before the local fallbacks (ClickHouse: a real {@code clickhouse-server} before the chdb front end;
 * Kafka: a broker container before the in-JVM broker). Without Docker they are skipped with "no Docker
 * engine" in the start log, at no cost.
 */
package dev.ampconnect.testsupport.containers;
