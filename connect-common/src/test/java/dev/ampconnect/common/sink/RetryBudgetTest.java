package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void backoffDoublesUpToItsCap() {
        RetryBudget budget = new RetryBudget(10, 100, 500);
        budget.failed(0);
        assertEquals(100, budget.backoffMs());
        budget.failed(0);
        assertEquals(200, budget.backoffMs());
        budget.failed(0);
        assertEquals(400, budget.backoffMs());
        budget.failed(0);
        assertEquals(500, budget.backoffMs());
    }

    @Test
    void failuresAreRetriedUntilTheBudgetIsSpent() {
        RetryBudget budget = new RetryBudget(2, 10, 10);
        assertFalse(budget.failed(0));
        assertFalse(budget.failed(0));
        assertTrue(budget.failed(0), "the third consecutive failure is one more than max.retries=2");
        assertEquals(3, budget.maxAttempts());
    }

    @Test
    void theBackoffRunsFromTheFailureItFollows() {
        RetryBudget budget = new RetryBudget(10, 100, 500);
        assertEquals(0, budget.remainingBackoffMs(1_000), "no failure, no backoff");
        budget.failed(1_000);
        assertEquals(100, budget.remainingBackoffMs(1_000));
        assertEquals(40, budget.remainingBackoffMs(1_060));
        assertEquals(0, budget.remainingBackoffMs(1_100));
        budget.failed(1_100);
        assertEquals(200, budget.remainingBackoffMs(1_100), "the second backoff doubles");
        budget.succeeded();
        assertEquals(0, budget.remainingBackoffMs(1_100));
    }

    @Test
    void aSuccessResetsTheBudget() {
        RetryBudget budget = new RetryBudget(1, 10, 10);
        budget.failed(0);
        budget.succeeded();
        assertFalse(budget.failed(0));
    }
}
