package dev.ampconnect.common.arrow.column;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

/**
 * The compiler checks that every {@link ColumnKind.Visitor} handles every kind; these tests check the
 * other half: that the visitor really has one method per kind, that each kind dispatches to its own, and
 * that the resolver produces every kind (none is dead).
 */
class ColumnKindTest {

    private static final Set<Class<?>> KINDS = Set.of(ColumnKind.class.getPermittedSubclasses());

    @Test
    void everyKindIsAnImmutableRecord() {
        for (Class<?> kind : KINDS) {
            assertTrue(kind.isRecord(), kind + " is not a record");
        }
    }

    @Test
    void theVisitorHasExactlyOneMethodPerKind() {
        List<Method> methods = Arrays.asList(ColumnKind.Visitor.class.getDeclaredMethods());
        assertEquals(KINDS.size(), methods.size(), "visitor methods " + methods);
        Set<Class<?>> handled = methods.stream().map(m -> {
            assertEquals(1, m.getParameterCount(), m.toString());
            return m.getParameterTypes()[0];
        }).collect(Collectors.toSet());
        assertEquals(KINDS, handled);
    }

    @Test
    void everyKindDispatchesToItsOwnVisitorMethodAndTheResolverProducesEveryKind() {
        Set<Class<?>> seen = new HashSet<>();
        for (ColumnKind kind : everyResolvedKind()) {
            Class<?> visited = kind.accept(parameterTypeVisitor());
            assertEquals(kind.getClass(), visited, kind.label());
            seen.add(kind.getClass());
        }
        assertEquals(KINDS, seen, "kinds the resolver never produces");
    }

    /** The kinds of every type TYPES.md supports, nested ones included. */
    private static List<ColumnKind> everyResolvedKind() {
        List<ColumnKind> kinds = ColumnResolverTest.scalarTypes().keySet().stream()
                .map(type -> ColumnResolver.resolve(new Field("c", FieldType.nullable(type), List.of())).kind())
                .collect(Collectors.toList());
        Field item = new Field("item", FieldType.nullable(new ArrowType.Int(64, true)), List.of());
        kinds.add(ColumnResolver.resolve(new Field("l", FieldType.nullable(ArrowType.List.INSTANCE), List.of(item))).kind());
        kinds.add(ColumnResolver.resolve(new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(item))).kind());
        Field entries = new Field("entries", new FieldType(false, ArrowType.Struct.INSTANCE, null), List.of(
                new Field("key", new FieldType(false, ArrowType.Utf8.INSTANCE, null), List.of()), item));
        kinds.add(ColumnResolver.resolve(new Field("m", FieldType.nullable(new ArrowType.Map(false)), List.of(entries))).kind());
        return kinds;
    }

    /** A visitor whose every method returns the type of the kind it was called with. */
    @SuppressWarnings("unchecked")
    private static ColumnKind.Visitor<Class<?>> parameterTypeVisitor() {
        return (ColumnKind.Visitor<Class<?>>) Proxy.newProxyInstance(ColumnKind.Visitor.class.getClassLoader(),
                new Class<?>[] {ColumnKind.Visitor.class}, (proxy, method, args) -> method.getParameterTypes()[0]);
    }
}
