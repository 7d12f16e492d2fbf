package io.vamp.driver.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bulk request of {@code index} operations with given ids ({@code op_type} index: writing the same
 * id again replaces the document, so a re-delivery never duplicates), and what became of each item.
 */
public final class Bulk {
  private Bulk() {}

  /** A document to write: its index, its id, and its body (anything the client's Jackson mapper writes). */
  public record Doc(String index, String id, Object body) {}

  /**
   * Per item, in request order: acknowledged (201 or 200), failed retryably (429, 5xx, and any other
   * status but 400 and 413: an index blocked while a disk is full recovers), or rejected for good
   * (400: the document cannot be indexed as it is; 413: too large).
   *
   * @param acknowledged the positions of the items Elasticsearch acknowledged
   * @param retryable    position to reason
   * @param rejected     position to reason
   */
  public record Outcome(List<Integer> acknowledged, Map<Integer, String> retryable, Map<Integer, String> rejected) {
    public boolean complete() {
      return retryable.isEmpty() && rejected.isEmpty();
    }
  }

  /**
   * Sends {@code docs} in one bulk request. A request that fails as a whole (unreachable, timeout,
   * refused) throws a {@link DriverException}, retryable unless Elasticsearch answered 400 or 401/403.
   */
  public static Outcome write(ElasticsearchConnection connection, List<Doc> docs) {
    if (docs.isEmpty()) {
      return new Outcome(List.of(), Map.of(), Map.of());
    }
    List<BulkOperation> operations = new ArrayList<>(docs.size());
    for (Doc doc : docs) {
      operations.add(BulkOperation.of(b -> b.index(i -> i.index(doc.index()).id(doc.id()).document(doc.body()))));
    }
    // outside the try: a server this driver cannot speak to is not "unreachable"
    ElasticsearchClient client = connection.client();
    BulkResponse response;
    try {
      response = client.bulk(b -> b.operations(operations));
    } catch (ElasticsearchException e) {
      int status = e.status();
      throw new DriverException("Elasticsearch refused a bulk request of " + docs.size() + " status=" + status
          + ": " + e.getMessage(), e, !(status == 400 || status == 401 || status == 403));
    } catch (IOException | RuntimeException e) {
      throw new DriverException("Elasticsearch unreachable at " + connection.where() + ": " + e, e, true);
    }
    List<BulkResponseItem> items = response.items();
    if (items.size() != docs.size()) {
      throw new DriverException("Elasticsearch answered a bulk of " + docs.size() + " with " + items.size()
          + " items", true);
    }
    List<Integer> acknowledged = new ArrayList<>();
    Map<Integer, String> retryable = new LinkedHashMap<>();
    Map<Integer, String> rejected = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      int status = item.status();
      if (item.error() == null && status >= 200 && status < 300) {
        acknowledged.add(i);
        continue;
      }
      String reason = "status=" + status + (item.error() == null ? ""
          : " " + item.error().type() + ": " + item.error().reason());
      if (status == 400 || status == 413) {
        rejected.put(i, reason);
      } else {
        retryable.put(i, reason);
      }
    }
    return new Outcome(List.copyOf(acknowledged), retryable, rejected);
  }
}
