package io.salespipelines.schemas;

/**
 * Why a record ended in the dead letters. The order of the constants is the order of the checks in
 * SPEC 1.2: the first failing check wins.
 */
public enum ErrorType {
  WRONG_FILE_TYPE("wrong_file_type"),
  /**
   * The file could not be read this time (permission denied, gone since it was listed, an I/O error,
   * changed while it was read): a fault of the moment, not a verdict on its content. One entry per
   * file (line 0); the file is not recorded as processed, so the next run reads it again.
   */
  UNREADABLE("unreadable"),
  /**
   * The bytes are not UTF-8: a record with an invalid byte sequence (its raw text shows those bytes
   * as {@code \xNN}), or a whole file that is UTF-16 or UTF-32 (line 0). Checked before anything
   * is parsed, as text is decoded before it is split into fields; only a record longer than {@link
   * ValueLimits#MAX_RECORD_BYTES} is {@code malformed} without being decoded.
   */
  INVALID_ENCODING("invalid_encoding"),
  BAD_SCHEMA("bad_schema"),
  MALFORMED("malformed"),
  MISSING_VALUE("missing_value"),
  INVALID_VALUE("invalid_value"),
  UNKNOWN_STORE("unknown_store"),
  UNKNOWN_CUSTOMER("unknown_customer"),
  UNKNOWN_PRODUCT("unknown_product"),
  UNKNOWN_SALES_PERSON("unknown_sales_person"),
  DUPLICATE("duplicate");

  private final String code;

  ErrorType(String code) {
    this.code = code;
  }

  /** The value written in the {@code error_type} column. */
  public String code() {
    return code;
  }
}
