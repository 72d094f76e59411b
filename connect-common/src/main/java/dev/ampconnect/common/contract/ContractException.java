package dev.ampconnect.common.contract;

import org.apache.kafka.connect.errors.DataException;

/** A record does not follow the record contract (bad header, bad control value). */
public class ContractException extends DataException {

    private static final long serialVersionUID = 1L;

    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
