package dev.fractalsync.clock.discovery;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a provider class answers to {@code id()}, {@code name()} and {@code contractMajor()}, read from its class file
 * without loading or running it: a method whose whole body is {@code return <constant>;} is answered, anything else
 * is not. Discovery learns plugin ids this way, so an unselected plugin's code never runs.
 */
final class ConstantAnswers {
    private static final int MAGIC = 0xCAFEBABE;

    private ConstantAnswers() {
    }

    /**
     * The constant results of the no-argument methods declared in {@code type} or its superclasses, keyed by
     * {@code name + descriptor} (e.g. {@code id()Ljava/lang/String;}); the nearest declaration wins.
     */
    static Map<String, Object> of(Class<?> type) {
        Map<String, Object> out = new HashMap<>();
        Set<String> declared = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            String resource = c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getModule().getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                read(new DataInputStream(in), out, declared);
            } catch (IOException | RuntimeException e) {
                break; // unreadable: whatever is known so far stands, the rest stays unknown
            }
        }
        return out;
    }

    private static void read(DataInputStream in, Map<String, Object> out, Set<String> declared) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3 -> pool[i] = in.readInt();
                case 4 -> pool[i] = in.readFloat();
                case 5, 6 -> {
                    in.readLong();
                    i++; // eight-byte constants take two slots
                }
                case 8 -> pool[i] = new StringRef(in.readUnsignedShort());
                case 7, 16, 19, 20 -> in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access flags
        in.readUnsignedShort(); // this class
        in.readUnsignedShort(); // super class
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.readUnsignedShort();
            String key = (String) pool[in.readUnsignedShort()] + pool[in.readUnsignedShort()];
            boolean first = declared.add(key);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String name = (String) pool[in.readUnsignedShort()];
                int length = in.readInt();
                byte[] body = in.readNBytes(length);
                if (first && name.equals("Code") && key.contains("()")) {
                    Object constant = constantReturn(body, pool);
                    if (constant != null) {
                        out.put(key, constant);
                    }
                }
            }
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt() & 0xffffffffL);
        }
    }

    /** The constant of a Code attribute that is exactly "push constant; return", else null. */
    private static Object constantReturn(byte[] attr, Object[] pool) {
        int codeLength = ((attr[4] & 0xff) << 24) | ((attr[5] & 0xff) << 16) | ((attr[6] & 0xff) << 8) | (attr[7] & 0xff);
        if (codeLength < 2 || codeLength > 4 || 8 + codeLength > attr.length) {
            return null;
        }
        int op = attr[8] & 0xff;
        int ret = attr[8 + codeLength - 1] & 0xff;
        Object value;
        if (op == 0x12 && codeLength == 3) { // ldc
            value = pool[attr[9] & 0xff];
        } else if (op == 0x13 && codeLength == 4) { // ldc_w
            value = pool[((attr[9] & 0xff) << 8) | (attr[10] & 0xff)];
        } else if (op >= 0x02 && op <= 0x08 && codeLength == 2) { // iconst_m1 .. iconst_5
            value = op - 0x03;
        } else if (op == 0x10 && codeLength == 3) { // bipush
            value = (int) attr[9];
        } else if (op == 0x11 && codeLength == 4) { // sipush
            value = (int) (short) (((attr[9] & 0xff) << 8) | (attr[10] & 0xff));
        } else {
            return null;
        }
        if (value instanceof StringRef s && ret == 0xb0) { // areturn
            return pool[s.utf8()];
        }
        if (value instanceof Integer && ret == 0xac) { // ireturn
            return value;
        }
        return null;
    }

    private record StringRef(int utf8) {
    }
}
