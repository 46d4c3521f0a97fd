package dev.fractalsync.tools.onnx;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Standard-domain ONNX operators (opset 13) our exported graphs need beyond those Tribuo predefines. */
public enum StandardOps implements ONNXOperator {
    RESHAPE("Reshape", 2, 0),
    SLICE("Slice", 3, 2),
    RELU("Relu", 1, 0),
    CLIP("Clip", 1, 2),
    SOFTPLUS("Softplus", 1, 0),
    REDUCE_MEAN("ReduceMean", 1, 0,
            new ONNXAttribute("axes", OnnxMl.AttributeProto.AttributeType.INTS, true),
            new ONNXAttribute("keepdims", OnnxMl.AttributeProto.AttributeType.INT, false));

    public static final int OPSET = 13;

    private final String opName;
    private final int inputs;
    private final int optionalInputs;
    private final Map<String, ONNXAttribute> attributes;
    private final Set<String> mandatory;

    StandardOps(String opName, int inputs, int optionalInputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.inputs = inputs;
        this.optionalInputs = optionalInputs;
        Map<String, ONNXAttribute> map = new HashMap<>();
        java.util.Set<String> required = new java.util.HashSet<>();
        for (ONNXAttribute a : attributes) {
            map.put(a.getName(), a);
            if (a.isMandatory()) {
                required.add(a.getName());
            }
        }
        this.attributes = Collections.unmodifiableMap(map);
        this.mandatory = Collections.unmodifiableSet(required);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return inputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return optionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return mandatory;
    }

    @Override
    public int getOpVersion() {
        return OPSET;
    }

    @Override
    public String getOpDomain() {
        return "ai.onnx";
    }
}
