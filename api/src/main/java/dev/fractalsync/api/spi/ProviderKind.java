package dev.fractalsync.api.spi;

/** The three provider SPIs, with the command-line flag that selects each. */
public enum ProviderKind {
    BEAT(BeatClockProvider.class, "beat"),
    STRUCTURE(StructureProvider.class, "structure"),
    CONTROLLER(ControllerProvider.class, "controller");

    private final Class<? extends Provider> spi;
    private final String flag;

    ProviderKind(Class<? extends Provider> spi, String flag) {
        this.spi = spi;
        this.flag = flag;
    }

    public Class<? extends Provider> spi() {
        return spi;
    }

    /** Lowercase name used in flags ({@code --beat=}) and listings. */
    public String flag() {
        return flag;
    }
}
