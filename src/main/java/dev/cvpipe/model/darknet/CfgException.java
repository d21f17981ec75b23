package dev.cvpipe.model.darknet;

/** A .cfg problem whose message already starts with "FILE:LINE:". */
public final class CfgException extends IllegalArgumentException {
    public CfgException(String message) {
        super(message);
    }
}
