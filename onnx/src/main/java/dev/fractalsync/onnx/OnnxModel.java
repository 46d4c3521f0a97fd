package dev.fractalsync.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.fractalsync.api.contract.ModelSpec;
import dev.fractalsync.api.contract.TensorSpec;
import dev.fractalsync.api.spi.ProviderException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ONNX model opened for a provider and checked against its contract entry, the one place the project does
 * either. The check: every input the contract marks required is present (optional ones may be absent), no input
 * the contract does not define (the host could not feed it), every required output present, and each tensor
 * present has the contract's element type and an accepted shape. Extra outputs are ignored (nothing reads them).
 * Sessions run single-threaded with full graph optimization: providers run on the audio thread beside the
 * renderer's worker pool. Every failure is a {@link ProviderException} whose message starts with the provider id.
 */
public final class OnnxModel implements AutoCloseable {
    private final String source;
    private final OrtEnvironment env;
    private final OrtSession session;

    private OnnxModel(String source, OrtEnvironment env, OrtSession session) {
        this.source = source;
        this.env = env;
        this.session = session;
    }

    /**
     * Opens the model a provider ships as a resource, or the file the user named with the provider's
     * {@code model=PATH} option when {@code file} is not null. {@code bundled} must open the resource from the
     * provider's own code (e.g. {@code () -> MyProvider.class.getResourceAsStream(NAME)}): on the module path a
     * resource in a named module is only visible to code in that module, not to this one.
     */
    public static OnnxModel open(String provider, java.util.function.Supplier<InputStream> bundled, String bundledResource,
                                 String file, ModelSpec spec) throws ProviderException {
        if (file != null) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(file));
            } catch (IOException | RuntimeException e) {
                throw new ProviderException(provider + ": cannot read model file " + file + ": " + e.getMessage(), e);
            }
            return open(provider, file, bytes, spec);
        }
        try (InputStream in = bundled.get()) {
            if (in == null) {
                throw new ProviderException(provider + ": the bundled model " + bundledResource + " is missing from this build");
            }
            return open(provider, "bundled " + bundledResource, in.readAllBytes(), spec);
        } catch (IOException e) {
            throw new ProviderException(provider + ": cannot read the bundled model " + bundledResource + ": "
                    + e.getMessage(), e);
        }
    }

    /** Opens model bytes; {@code source} names them in messages. */
    public static OnnxModel open(String provider, String source, byte[] bytes, ModelSpec spec) throws ProviderException {
        OrtEnvironment env;
        OrtSession session;
        try {
            env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(bytes, options);
            }
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            throw new ProviderException(provider + ": cannot load " + source + ": " + e.getMessage(), e);
        }
        OnnxModel model = new OnnxModel(source, env, session);
        try {
            check(provider, source, "input", session.getInputInfo(), spec.inputs(), true);
            check(provider, source, "output", session.getOutputInfo(), spec.outputs(), false);
        } catch (OrtException e) {
            model.close();
            throw new ProviderException(provider + ": cannot inspect " + source + ": " + e.getMessage(), e);
        } catch (ProviderException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private static void check(String provider, String source, String kind, Map<String, NodeInfo> actual,
                              List<TensorSpec> expected, boolean refuseExtra) throws ProviderException {
        for (TensorSpec t : expected) {
            NodeInfo node = actual.get(t.name());
            if (node == null) {
                if (t.optional()) {
                    continue;
                }
                throw new ProviderException(provider + ": " + source + " has no " + kind + " '" + t.name()
                        + "' (it has " + actual.keySet() + "; the contract wants " + t + ")");
            }
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ProviderException(provider + ": " + source + " " + kind + " '" + t.name()
                        + "' is " + node.getInfo() + ", the contract wants a " + t.type() + " tensor");
            }
            String type = typeName(info);
            if (!type.equals(t.type())) {
                throw new ProviderException(provider + ": " + source + " " + kind + " '" + t.name() + "' is " + type
                        + ", the contract wants " + t.type());
            }
            if (!t.accepts(info.getShape())) {
                throw new ProviderException(provider + ": " + source + " " + kind + " '" + t.name() + "' has shape "
                        + Arrays.toString(info.getShape()) + ", the contract wants " + Arrays.toString(t.shape()));
            }
        }
        if (refuseExtra) {
            for (String name : actual.keySet()) {
                if (expected.stream().noneMatch(t -> t.name().equals(name))) {
                    throw new ProviderException(provider + ": " + source + " has an " + kind + " '" + name
                            + "' the contract does not define (it defines " + expected + ")");
                }
            }
        }
    }

    private static String typeName(TensorInfo info) {
        return switch (info.type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case INT64 -> "int64";
            case INT32 -> "int32";
            default -> info.type.toString().toLowerCase(Locale.ROOT);
        };
    }

    /** Where the model came from, for messages: a file path or "bundled NAME". */
    public String source() {
        return source;
    }

    public OrtEnvironment env() {
        return env;
    }

    public OrtSession session() {
        return session;
    }

    /** Whether the model has input {@code name} (an optional contract input may be absent). */
    public boolean hasInput(String name) {
        return session.getInputNames().contains(name);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session only frees native memory; nothing to recover
        }
    }
}
