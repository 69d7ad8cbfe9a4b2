package io.salespipelines.transforms.cdc;

/** Change records in DynamoDB Streams form, for tests. */
public final class ChangeRecords {
  private ChangeRecords() {}

  /** An INSERT or MODIFY (NewImage) or REMOVE (OldImage) of an order, at epoch second {@code time}. */
  public static String change(String eventId, String type, String orderId, String seq, long time, int quantity, String price) {
    String image =
        "{\"orderId\":{\"S\":\"" + orderId + "\"},\"product_name\":{\"S\":\"Widget " + orderId + "\"},"
            + "\"quantity\":{\"N\":\"" + quantity + "\"},\"price\":{\"N\":\"" + price + "\"}}";
    String imageName = type.equals("REMOVE") ? "OldImage" : "NewImage";
    return "{\"eventID\":\"" + eventId + "\",\"eventName\":\"" + type + "\",\"dynamodb\":{"
        + "\"ApproximateCreationDateTime\":" + time + ",\"Keys\":{\"orderId\":{\"S\":\"" + orderId + "\"}},"
        + "\"" + imageName + "\":" + image + ",\"SequenceNumber\":\"" + seq + "\"}}";
  }
}
