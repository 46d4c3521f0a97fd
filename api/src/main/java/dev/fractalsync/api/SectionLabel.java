package dev.fractalsync.api;

/** The eight section labels of contract v1, in contract order (index = position in {@code section_probs}). */
public enum SectionLabel {
    SILENCE("silence"), INTRO("intro"), VERSE("verse"), PRE_CHORUS("pre-chorus"),
    CHORUS("chorus"), BRIDGE("bridge"), INST("inst"), OUTRO("outro");

    /** L in the contract. */
    public static final int COUNT = 8;

    private final String contractName;

    SectionLabel(String contractName) {
        this.contractName = contractName;
    }

    /** The label as written in the contract and in label files. */
    public String contractName() {
        return contractName;
    }

    public static SectionLabel ofIndex(int index) {
        return values()[index];
    }

    public static SectionLabel ofContractName(String name) {
        for (SectionLabel l : values()) {
            if (l.contractName.equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown section label '" + name + "'");
    }
}
