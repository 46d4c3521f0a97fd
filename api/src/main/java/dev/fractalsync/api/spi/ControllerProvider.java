package dev.fractalsync.api.spi;

import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;

/** Maps musical state to renderer controls: called once per render frame (~60 Hz); budget well under 1 ms. */
public interface ControllerProvider extends Provider {
    ControlVector process(ControllerInput input);
}
