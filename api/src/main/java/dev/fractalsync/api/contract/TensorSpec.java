package dev.fractalsync.api.contract;

import java.util.Arrays;

/** One ONNX input or output of a contract model: name, element type and fully resolved shape. */
public record TensorSpec(String name, String type, long[] shape, boolean optional) {
    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Whether an ONNX shape (where -1 or other non-positive values mean "dynamic") is compatible with this spec. */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (actual[i] > 0 && actual[i] != shape[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && type.equals(t.type)
                && Arrays.equals(shape, t.shape) && optional == t.optional;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(shape) + (optional ? "?" : "");
    }
}
