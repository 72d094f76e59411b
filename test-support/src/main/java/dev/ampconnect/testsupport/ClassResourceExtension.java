package dev.ampconnect.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one JUnit 5 lifecycle every service extension here shares: a handle opened before the first
 * test of a class, closed after its last, and available both through {@link #handle()} (when the
 * extension sits in a {@code @RegisterExtension static} field) and as a parameter of type
 * {@code H} in constructors, {@code @BeforeAll}, {@code @BeforeEach} and test methods.
 *
 * <p>{@code @Nested} classes reuse the enclosing class's handle instead of opening another. Two
 * extensions of one kind on one class (two databases) each open their own handle; use their
 * {@link #handle()} then, since a parameter of type {@code H} would be ambiguous.
 *
 * @param <H> the per-class handle type, e.g. a fresh database or a running cluster
 */
public abstract class ClassResourceExtension<H extends AutoCloseable>
        implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Class<H> handleType;
    private final ExtensionContext.Namespace namespace;
    private volatile H handle;
    private volatile String ownerContextId;

    /** @param handleType the type resolved as a test parameter */
    protected ClassResourceExtension(Class<H> handleType) {
        this.handleType = handleType;
        // one namespace per extension instance: two extensions of one kind on a class (two databases)
        // must not see each other's handle as "inherited"
        this.namespace = ExtensionContext.Namespace.create(ClassResourceExtension.class, this);
    }

    /** Opens the handle for {@code testClass}; called once per top-level test class. */
    protected abstract H open(Class<?> testClass);

    /**
     * The handle of the test class currently running.
     *
     * @throws IllegalStateException outside a test class's lifecycle (e.g. from a static initialiser)
     */
    public H handle() {
        H current = handle;
        if (current == null) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " has no open " + handleType.getSimpleName()
                    + ": it is opened in beforeAll; register the extension on the test class and use it from tests");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace);
        H inherited = store.get(handleType, handleType);
        if (inherited != null) {
            handle = inherited;
            return;
        }
        H opened = open(context.getRequiredTestClass());
        store.put(handleType, opened);
        handle = opened;
        ownerContextId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!context.getUniqueId().equals(ownerContextId)) {
            return;
        }
        H opened = handle;
        handle = null;
        ownerContextId = null;
        context.getStore(namespace).remove(handleType);
        if (opened != null) {
            opened.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == handleType;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        H resolved = context.getStore(namespace).get(handleType, handleType);
        if (resolved == null) {
            throw new ParameterResolutionException("no " + handleType.getSimpleName() + " is open for "
                    + context.getDisplayName() + ": " + getClass().getSimpleName()
                    + " opens it in beforeAll, so register it on the test class");
        }
        return resolved;
    }
}
