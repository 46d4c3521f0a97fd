package dev.fractalsync.tools.beatnet;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch state_dict saved with {@code torch.save} in the zip format: {@code <prefix>/data.pkl} is a pickle
 * of an OrderedDict name -> tensor where each tensor is {@code torch._utils._rebuild_tensor_v2(storage, offset, size,
 * stride, ...)} and each storage is a persistent id {@code ('storage', type, key, device, numel)} whose bytes are
 * {@code <prefix>/data/<key>} (raw little-endian). Only float32 storages are supported (all BeatNet needs).
 */
public final class TorchStateDict {
    /** A dense float tensor in row-major (C) order. */
    public record Tensor(String name, int[] shape, float[] data) {
        public int size() {
            return data.length;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private record StorageRef(String key, String type, long numel) {
    }

    private record TensorRef(StorageRef storage, int offset, int[] size, int[] stride) {
    }

    private final Map<String, Tensor> tensors;

    private TorchStateDict(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name} with exactly {@code shape}; a clear error otherwise. */
    public Tensor require(String name, int... shape) throws IOException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IOException("state_dict has no tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IOException("tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(shape));
        }
        return t;
    }

    public static TorchStateDict load(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    prefix = n.substring(0, n.length() - "data.pkl".length());
                    break;
                }
            }
            if (prefix == null) {
                throw new IOException(file + " is not a PyTorch zip checkpoint (no <name>/data.pkl entry)");
            }
            Object root;
            try (InputStream in = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
                root = newUnpickler().load(in);
            } catch (PickleException e) {
                throw new IOException(file + ": cannot read the pickle: " + e.getMessage(), e);
            }
            if (!(root instanceof Map<?, ?> map)) {
                throw new IOException(file + ": pickle root is " + typeName(root) + ", expected a state_dict");
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            Map<String, float[]> storages = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof TensorRef ref)) {
                    throw new IOException(file + ": entry '" + name + "' is " + typeName(e.getValue()) + ", not a tensor");
                }
                float[] storage = storages.get(ref.storage().key());
                if (storage == null) {
                    storage = readStorage(zip, prefix, ref.storage(), file);
                    storages.put(ref.storage().key(), storage);
                }
                out.put(name, materialize(name, ref, storage));
            }
            return new TorchStateDict(out);
        }
    }

    private static float[] readStorage(ZipFile zip, String prefix, StorageRef ref, Path file) throws IOException {
        if (!ref.type().equals("FloatStorage")) {
            throw new IOException(file + ": storage " + ref.key() + " is " + ref.type() + "; only FloatStorage is supported");
        }
        ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key());
        if (entry == null) {
            throw new IOException(file + ": missing storage entry data/" + ref.key());
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != ref.numel() * 4) {
            throw new IOException(file + ": storage " + ref.key() + " has " + bytes.length + " bytes, expected "
                    + ref.numel() * 4);
        }
        float[] data = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return data;
    }

    private static Tensor materialize(String name, TensorRef ref, float[] storage) throws IOException {
        int[] size = ref.size();
        int[] stride = ref.stride();
        int n = 1;
        for (int s : size) {
            n *= s;
        }
        float[] data = new float[n];
        int[] idx = new int[size.length];
        for (int i = 0; i < n; i++) {
            long src = ref.offset();
            for (int d = 0; d < size.length; d++) {
                src += (long) idx[d] * stride[d];
            }
            if (src < 0 || src >= storage.length) {
                throw new IOException("tensor '" + name + "' reaches outside its storage");
            }
            data[i] = storage[(int) src];
            for (int d = size.length - 1; d >= 0; d--) {
                if (++idx[d] < size[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return new Tensor(name, size.clone(), data);
    }

    private static Unpickler newUnpickler() {
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new PickledOrderedDict());
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchStateDict::rebuildTensor);
        for (String type : List.of("FloatStorage", "DoubleStorage", "HalfStorage", "LongStorage", "IntStorage",
                "BFloat16Storage", "ByteStorage", "BoolStorage")) {
            Unpickler.registerConstructor("torch", type, new StorageType(type));
        }
        return new Unpickler() {
            @Override
            protected Object persistentLoad(Object pid) {
                if (pid instanceof Object[] t && t.length >= 5 && "storage".equals(t[0])) {
                    String type = t[1] instanceof StorageType st ? st.name() : String.valueOf(t[1]);
                    return new StorageRef(String.valueOf(t[2]), type, ((Number) t[4]).longValue());
                }
                throw new PickleException("unsupported persistent id " + Arrays.deepToString(
                        pid instanceof Object[] a ? a : new Object[]{pid}));
            }
        };
    }

    /**
     * An {@code OrderedDict} from the pickle. PyTorch attaches a {@code _metadata} attribute (module versions) to a
     * state_dict through the pickle BUILD opcode, which the unpickler applies by calling {@code __setstate__}; the
     * metadata plays no part in the weights, so it is dropped. Public because the unpickler calls it reflectively.
     */
    public static final class PickledOrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        public void __setstate__(java.util.HashMap<?, ?> state) {
            // only {'_metadata': ...}; nothing to keep
        }
    }

    /** Stands for a {@code torch.*Storage} class object inside a persistent id. */
    private record StorageType(String name) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return this;
        }
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("unexpected _rebuild_tensor_v2 arguments");
        }
        int offset = ((Number) args[1]).intValue();
        int[] size = ints(args[2]);
        int[] stride = ints(args[3]);
        if (size.length != stride.length) {
            throw new PickleException("tensor size and stride ranks differ");
        }
        return new TensorRef(storage, offset, size, stride);
    }

    private static int[] ints(Object tuple) {
        Object[] t = (Object[]) tuple;
        int[] out = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = ((Number) t[i]).intValue();
        }
        return out;
    }

    private static String typeName(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }
}
