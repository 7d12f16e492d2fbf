package io.vamp.reconciler.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.json.StateJson;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every gateway added, changed or removed: its settings and all its routes, before → after, and head's
 * notes on how a selector gateway's routes were made ({@code note:} lines, a quote, a {@code notes} list).
 */
final class GatewaysSection implements Section {

  @Override
  public String key() {
    return "gateways";
  }

  @Override
  public boolean isEmpty(Review review) {
    return review.gateways().isEmpty();
  }

  @Override
  public void text(Review review, StringBuilder out) {
    out.append("Gateways\n");
    for (GatewayChange g : review.gateways()) {
      out.append("  ").append(g.change().marker()).append(' ').append(g.name()).append("  ")
          .append(g.change().word()).append("  ").append(String.join(" · ", settings(g))).append('\n');
      Columns routes = new Columns();
      for (RouteChange r : g.routes()) {
        String status = switch (r.change()) {
          case ADDED -> "new route";
          case REMOVED -> "route removed";
          default -> "";
        };
        String condition = condition(r, s -> s);
        routes.add(r.change().marker() + " " + r.name(), weight(r), status,
            condition.isEmpty() ? "" : "condition: " + condition, String.join("  ", extras(r, s -> s)));
      }
      routes.appendTo(out, "    ");
      g.notes().forEach(note -> out.append("    note: ").append(note).append('\n'));
    }
  }

  @Override
  public void markdown(Review review, StringBuilder out) {
    out.append("#### Gateways\n");
    for (GatewayChange g : review.gateways()) {
      out.append("\n**").append(switch (g.change()) {
        case ADDED -> "New";
        case REMOVED -> "Removed";
        default -> "Changed";
      }).append("** ").append(Markdown.code(g.name())).append(": ")
          .append(Markdown.escape(String.join(" · ", settings(g)))).append("\n\n");
      boolean other = g.routes().stream().anyMatch(r -> !extras(r, Markdown::code).isEmpty());
      List<String> header = new ArrayList<>(List.of("route", "weight", "condition", "condition strength"));
      if (other) {
        header.add("other");
      }
      List<List<String>> rows = new ArrayList<>();
      for (RouteChange r : g.routes()) {
        String name = switch (r.change()) {
          case ADDED -> Markdown.code(r.name()) + " (new)";
          case REMOVED -> "~~" + Markdown.code(r.name()) + "~~ (removed)";
          default -> Markdown.code(r.name());
        };
        List<String> row = new ArrayList<>(List.of(name, weight(r), conditionOnly(r), strength(r)));
        if (other) {
          row.add(String.join("; ", extras(r, Markdown::code)));
        }
        rows.add(row);
      }
      Markdown.table(header, rows, out);
      if (!g.notes().isEmpty()) {
        out.append('\n');
        g.notes().forEach(note -> out.append("> **Note:** ").append(Markdown.escape(note)).append("  \n"));
      }
    }
  }

  @Override
  public JsonNode json(Review review) {
    ArrayNode list = StateJson.mapper().createArrayNode();
    for (GatewayChange g : review.gateways()) {
      ObjectNode node = list.addObject();
      node.put("name", g.name());
      node.put("change", g.change().word());
      ArrayNode aspects = node.putArray("aspects");
      g.aspects().forEach(aspects::add);
      Optional<ObjectNode> before = g.before().map(StateJson::gateway);
      Optional<ObjectNode> after = g.after().map(StateJson::gateway);
      node.set("before", before.map(GatewaysSection::withoutRoutes).orElse(null));
      node.set("after", after.map(GatewaysSection::withoutRoutes).orElse(null));
      ArrayNode fields = node.putArray("fields");
      g.fields().forEach(f -> FieldText.json(f, fields));
      ArrayNode routes = node.putArray("routes");
      for (RouteChange r : g.routes()) {
        ObjectNode route = routes.addObject();
        route.put("name", r.name());
        route.put("change", r.change().word());
        ArrayNode routeAspects = route.putArray("aspects");
        r.aspects().forEach(a -> routeAspects.add(Texts.lower(a.name())));
        route.set("before", before.map(b -> route(b, r.name())).orElse(null));
        route.set("after", after.map(a -> route(a, r.name())).orElse(null));
      }
      if (!g.notes().isEmpty()) {
        ArrayNode notes = node.putArray("notes");
        g.notes().forEach(notes::add);
      }
    }
    return list;
  }

  private static JsonNode withoutRoutes(ObjectNode gateway) {
    ObjectNode copy = gateway.deepCopy();
    copy.remove("routes");
    return copy;
  }

  private static JsonNode route(ObjectNode gateway, String name) {
    for (JsonNode route : gateway.withArray("routes")) {
      if (route.path("name").asText().equals(name)) {
        return route;
      }
    }
    return null;
  }

  /** The gateway's settings, each as {@code before → after} where it changes. */
  private static List<String> settings(GatewayChange g) {
    Map<String, String> now = GatewayDiff.facts(g.current());
    Map<String, String> then = g.change() == Change.CHANGED ? GatewayDiff.facts(g.before().orElseThrow()) : now;
    List<String> out = new ArrayList<>();
    now.forEach((key, value) -> {
      String old = then.get(key);
      boolean changed = !value.equals(old);
      boolean optional = key.equals("virtual_hosts") || key.equals("selector") || key.equals("deployment");
      if (optional && !changed && value.equals("none") || key.equals("deployment") && !changed) {
        return;
      }
      String label = switch (key) {
        case "kind", "protocol" -> "";
        default -> key.replace('_', ' ') + " ";
      };
      out.add(label + (changed ? old + Texts.ARROW + value : value));
    });
    return out;
  }

  private static String weight(RouteChange r) {
    if (r.aspects().contains(RouteChange.Aspect.WEIGHT)) {
      return r.before().orElseThrow().weight() + "%" + Texts.ARROW + r.after().orElseThrow().weight() + "%";
    }
    return r.after().or(r::before).orElseThrow().weight() + "%";
  }

  /** {@code user-agent == Firefox (100%)}, with arrows where it changes; "" when there is none. */
  private static String condition(RouteChange r, Function<String, String> code) {
    Route now = r.after().or(r::before).orElseThrow();
    Route then = r.before().isPresent() && r.after().isPresent() ? r.before().get() : now;
    String before = RouteChange.conditionText(then);
    String after = RouteChange.conditionText(now);
    if (before.isEmpty() && after.isEmpty()) {
      return "";
    }
    if (before.equals(after)) {
      String strength = then.conditionStrength() == now.conditionStrength() ? now.conditionStrength() + "%"
          : then.conditionStrength() + "%" + Texts.ARROW + now.conditionStrength() + "%";
      return code.apply(after) + " (" + strength + ")";
    }
    return conditionWithStrength(then, code) + Texts.ARROW + conditionWithStrength(now, code);
  }

  private static String conditionWithStrength(Route route, Function<String, String> code) {
    String text = RouteChange.conditionText(route);
    return text.isEmpty() ? "none" : code.apply(text) + " (" + route.conditionStrength() + "%)";
  }

  /** The condition alone, as a Markdown cell. */
  private static String conditionOnly(RouteChange r) {
    Route now = r.after().or(r::before).orElseThrow();
    Route then = r.before().isPresent() && r.after().isPresent() ? r.before().get() : now;
    String before = RouteChange.conditionText(then);
    String after = RouteChange.conditionText(now);
    if (before.equals(after)) {
      return after.isEmpty() ? "" : Markdown.code(after);
    }
    return (before.isEmpty() ? "*none*" : Markdown.code(before)) + Texts.ARROW
        + (after.isEmpty() ? "*none*" : Markdown.code(after));
  }

  /** The condition strength as a Markdown cell; blank when no side has a condition. */
  private static String strength(RouteChange r) {
    Route now = r.after().or(r::before).orElseThrow();
    Route then = r.before().isPresent() && r.after().isPresent() ? r.before().get() : now;
    if (RouteChange.conditionText(then).isEmpty() && RouteChange.conditionText(now).isEmpty()) {
      return "";
    }
    return then.conditionStrength() == now.conditionStrength() ? now.conditionStrength() + "%"
        : then.conditionStrength() + "%" + Texts.ARROW + now.conditionStrength() + "%";
  }

  /** Target, balance and rewrites, only where they change. */
  private static List<String> extras(RouteChange r, Function<String, String> code) {
    List<String> out = new ArrayList<>();
    List<RouteChange.Aspect> aspects = r.aspects();
    if (aspects.isEmpty()) {
      return out;
    }
    Route b = r.before().orElseThrow();
    Route a = r.after().orElseThrow();
    if (aspects.contains(RouteChange.Aspect.TARGET)) {
      out.add("target: " + code.apply(b.target().toString()) + Texts.ARROW + code.apply(a.target().toString()));
    }
    if (aspects.contains(RouteChange.Aspect.BALANCE)) {
      out.add("balance: " + b.balance().dsl() + Texts.ARROW + a.balance().dsl());
    }
    if (aspects.contains(RouteChange.Aspect.REWRITES)) {
      out.add("rewrites: " + rewrites(b, code) + Texts.ARROW + rewrites(a, code));
    }
    return out;
  }

  private static String rewrites(Route route, Function<String, String> code) {
    String text = RouteChange.rewrites(route);
    return text.isEmpty() ? "none" : code.apply(text);
  }
}
