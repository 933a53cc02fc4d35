package dev.freshet.protocol;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Equality of API records as values: records component by component, lists element by element, byte
 * arrays by content (a record's own equals compares arrays by identity). Stateless; thread-safe.
 */
final class DeepEquals {

    private DeepEquals() {
    }

    static boolean of(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof byte[] x) {
            return Arrays.equals(x, (byte[]) b);
        }
        if (a instanceof List<?> x) {
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!of(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass().isRecord()) {
            try {
                for (RecordComponent c : a.getClass().getRecordComponents()) {
                    if (!of(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                        return false;
                    }
                }
                return true;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return a.equals(b);
    }
}
