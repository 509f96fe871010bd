package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.latchkey.api.AcknowledgeAlert;
import dev.latchkey.api.Alert;
import dev.latchkey.api.AlertRule;
import dev.latchkey.api.AlertRuleList;
import dev.latchkey.api.Page;
import dev.latchkey.api.SetAlertRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

final class HttpAlertsApi implements AlertsApi {
  private static final String PATH = "/v1/alerts";
  private static final JavaType ONE = Types.of(Alert.class);
  private static final JavaType PAGE = Types.pageOf(Alert.class);

  private final Transport transport;

  HttpAlertsApi(Transport transport) {
    this.transport = transport;
  }

  @Override
  public Page<Alert> list(
      String status, String rule, Instant since, int pageSize, String pageToken) {
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    params.put("status", status);
    params.put("rule", rule);
    params.put("since", since);
    params.putAll(Call.page(pageSize, pageToken));
    return transport.send(Call.get(Call.query(PATH, params)), PAGE);
  }

  @Override
  public Alert get(String id) {
    return transport.send(Call.get(Call.item(PATH, id)), ONE);
  }

  @Override
  public Alert acknowledge(String id, String note) {
    return transport.send(
        Call.post(Call.item(PATH, id) + ":acknowledge", new AcknowledgeAlert(note)), ONE);
  }

  @Override
  public List<AlertRule> rules() {
    AlertRuleList list = transport.send(Call.get("/v1/alert-rules"), Types.of(AlertRuleList.class));
    return list.items();
  }

  @Override
  public AlertRule setRule(String rule, String action) {
    return transport.send(
        Call.put(Call.item("/v1/alert-rules", rule), new SetAlertRule(action)),
        Types.of(AlertRule.class));
  }
}
