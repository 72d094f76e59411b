package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole product path on the pinned Kafka (4.3.1 broker and worker, exactly-once source): the three BUILT
 * Hub zips in plugin.path of a real Connect worker, configured only through REST; the amp simulator streams
 * transactions (record.format=rows) and blocks (record.format=arrow) through Kafka into PostgreSQL and Redis
 * while the chain reorgs; at the end both stores hold exactly the canonical chain.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Duration STEP = Duration.ofSeconds(120);

    @RegisterExtension
    static final PipelineExtension pipeline = PipelineExtension.builder()
            .simulator(b -> b.initialHead(ReorgScenario.INITIAL_HEAD))
            .build();

    private static PipelineConnectors connectors;

    @Test
    @Order(1)
    void postgresAndRedisEqualTheCanonicalChainAfterTwelveReorgs() {
        connectors = PipelineConnectors.deployAll(pipeline);
        ReorgScenario.Figures figures = ReorgScenario.run(pipeline, connectors, 7, STEP);
        connectors.awaitMatchesCanonicalChain(STEP);
        System.out.println("PipelineIT figures: " + figures);
        assertTrue(figures.reorgs() >= 10, figures::toString);
    }
}
