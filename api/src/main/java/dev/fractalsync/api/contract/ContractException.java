package dev.fractalsync.api.contract;

/** A model contract file is unreadable or invalid; the message names the file and the field. */
public class ContractException extends RuntimeException {
    private final String source;
    private final String field;

    public ContractException(String source, String field, String problem) {
        super(source + ": field '" + field + "': " + problem);
        this.source = source;
        this.field = field;
    }

    public ContractException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.field = "";
    }

    /** The file (or resource) the contract came from. */
    public String source() {
        return source;
    }

    /** JSON path of the offending field, e.g. {@code labels} or {@code models.anticipator.inputs[0].shape}. */
    public String field() {
        return field;
    }
}
