package dev.fractalsync.api.contract;

import java.util.List;
import java.util.Optional;

/** Tensor interface of one contract model (anticipator, controller, beatnet). */
public record ModelSpec(String name, List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public ModelSpec {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<TensorSpec> input(String tensor) {
        return inputs.stream().filter(t -> t.name().equals(tensor)).findFirst();
    }

    public Optional<TensorSpec> output(String tensor) {
        return outputs.stream().filter(t -> t.name().equals(tensor)).findFirst();
    }
}
