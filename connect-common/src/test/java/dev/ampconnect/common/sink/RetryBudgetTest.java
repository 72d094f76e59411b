package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ampconnect.common.sink.store.StoreException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private static final StoreException DOWN = new StoreException(StoreException.Kind.TRANSIENT, null, "connection refused");

    @Test
    void backoffDoublesUpToItsCap() {
        RetryBudget budget = new RetryBudget(10, 100, 500);
        budget.failed(DOWN, "write", 0);
        assertEquals(100, budget.backoffMs());
        budget.failed(DOWN, "write", 0);
        assertEquals(200, budget.backoffMs());
        budget.failed(DOWN, "write", 0);
        assertEquals(400, budget.backoffMs());
        budget.failed(DOWN, "write", 0);
        assertEquals(500, budget.backoffMs());
    }

    @Test
    void failuresAreRetriableUntilTheBudgetIsSpentThenFatal() {
        RetryBudget budget = new RetryBudget(2, 10, 10);
        assertInstanceOf(RetriableException.class, budget.failed(DOWN, "write", 0));
        assertInstanceOf(RetriableException.class, budget.failed(DOWN, "write", 0));
        RuntimeException fatal = budget.failed(DOWN, "write", 0);
        assertFalse(fatal instanceof RetriableException);
        assertEquals("write failed 3 times in a row (max.retries=2); last error: connection refused", fatal.getMessage());
    }

    @Test
    void theBackoffRunsFromTheFailureItFollows() {
        RetryBudget budget = new RetryBudget(10, 100, 500);
        assertEquals(0, budget.remainingBackoffMs(1_000), "no failure, no backoff");
        budget.failed(DOWN, "write", 1_000);
        assertEquals(100, budget.remainingBackoffMs(1_000));
        assertEquals(40, budget.remainingBackoffMs(1_060));
        assertEquals(0, budget.remainingBackoffMs(1_100));
        budget.failed(DOWN, "write", 1_100);
        assertEquals(200, budget.remainingBackoffMs(1_100), "the second backoff doubles");
        budget.succeeded();
        assertEquals(0, budget.remainingBackoffMs(1_100));
    }

    @Test
    void aSuccessResetsTheBudget() {
        RetryBudget budget = new RetryBudget(1, 10, 10);
        budget.failed(DOWN, "write", 0);
        budget.succeeded();
        assertInstanceOf(RetriableException.class, budget.failed(DOWN, "write", 0));
    }
}
