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
        budget.failed(DOWN, "write");
        assertEquals(100, budget.backoffMs());
        budget.failed(DOWN, "write");
        assertEquals(200, budget.backoffMs());
        budget.failed(DOWN, "write");
        assertEquals(400, budget.backoffMs());
        budget.failed(DOWN, "write");
        assertEquals(500, budget.backoffMs());
    }

    @Test
    void failuresAreRetriableUntilTheBudgetIsSpentThenFatal() {
        RetryBudget budget = new RetryBudget(2, 10, 10);
        assertInstanceOf(RetriableException.class, budget.failed(DOWN, "write"));
        assertInstanceOf(RetriableException.class, budget.failed(DOWN, "write"));
        RuntimeException fatal = budget.failed(DOWN, "write");
        assertFalse(fatal instanceof RetriableException);
        assertEquals("write failed 3 times in a row (max.retries=2); last error: connection refused", fatal.getMessage());
    }

    @Test
    void aSuccessResetsTheBudget() {
        RetryBudget budget = new RetryBudget(1, 10, 10);
        budget.failed(DOWN, "write");
        budget.succeeded();
        assertInstanceOf(RetriableException.class, budget.failed(DOWN, "write"));
    }
}
