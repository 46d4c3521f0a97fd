package dev.fractalsync.api.contract;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The JSON value types of the plain tree, read the way the loader always has (as Jackson's tree nodes did). */
final class ContractTree {
    private ContractTree() {
    }

    static boolean isNumber(Object n) {
        return n instanceof Number;
    }

    static boolean isIntegral(Object n) {
        return n instanceof Integer || n instanceof Long || n instanceof BigInteger || n instanceof Short
                || n instanceof Byte;
    }

    /** A number within the int range (a fractional one truncates, as Jackson's {@code canConvertToInt}). */
    static boolean canConvertToInt(Object n) {
        if (n instanceof BigInteger b) {
            return b.bitLength() < 32;
        }
        if (n instanceof Number x) {
            double d = x.doubleValue();
            return isIntegral(n) ? x.longValue() >= Integer.MIN_VALUE && x.longValue() <= Integer.MAX_VALUE
                    : d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE;
        }
        return false;
    }

    static int asInt(Object n) {
        return n instanceof Number x ? x.intValue() : 0;
    }

    static double asDouble(Object n) {
        return n instanceof Number x ? x.doubleValue() : 0.0;
    }

    /** {@code true}, a non-zero number or the text "true"; anything else (absent included) is false. */
    static boolean asBoolean(Object n) {
        if (n instanceof Boolean b) {
            return b;
        }
        if (n instanceof Number x) {
            return x.intValue() != 0;
        }
        return n instanceof String t && t.trim().equals("true");
    }

    /** The JSON type name, as error messages give it. */
    static String type(Object n) {
        if (n == null) {
            return "NULL";
        }
        if (n instanceof Map) {
            return "OBJECT";
        }
        if (n instanceof List) {
            return "ARRAY";
        }
        if (n instanceof String) {
            return "STRING";
        }
        if (n instanceof Number) {
            return "NUMBER";
        }
        if (n instanceof Boolean) {
            return "BOOLEAN";
        }
        return "POJO";
    }

    /** The value as compact JSON text, for error messages. */
    static String show(Object n) {
        StringBuilder b = new StringBuilder();
        show(n, b);
        return b.toString();
    }

    private static void show(Object n, StringBuilder b) {
        if (n instanceof String t) {
            b.append('"');
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04X", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        } else if (n instanceof Map<?, ?> m) {
            b.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(sep);
                show(String.valueOf(e.getKey()), b);
                b.append(':');
                show(e.getValue(), b);
                sep = ",";
            }
            b.append('}');
        } else if (n instanceof List<?> l) {
            b.append('[');
            String sep = "";
            for (Object v : l) {
                b.append(sep);
                show(v, b);
                sep = ",";
            }
            b.append(']');
        } else {
            b.append(n);
        }
    }
}
