package io.vamp.model.read;

import io.vamp.model.problem.Problems;
import io.vamp.model.yaml.YNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed values from YAML nodes; a value of the wrong shape becomes a problem at its position. */
final class Values {
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})(\\.0+)?\\s*%?");
  private static final Pattern DURATION = Pattern.compile(
      "(\\d+)\\s*(ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours)?");
  private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
  private static final Pattern CPU_MILLIS = Pattern.compile("(\\d+)m");

  private final Problems problems;

  Values(Problems problems) {
    this.problems = problems;
  }

  Optional<YNode.Mapping> map(YNode node, String path) {
    if (node instanceof YNode.Mapping m) {
      return Optional.of(m);
    }
    problems.add(node.position(), path, "expected a map, found " + node.describe());
    return Optional.empty();
  }

  /** A scalar as text (numbers and booleans as written). */
  Optional<String> text(YNode node, String path) {
    if (node instanceof YNode.Scalar s) {
      if (s.value().indexOf('\0') >= 0) {
        problems.add(node.position(), path, "text must not contain a NUL character");
        return Optional.empty();
      }
      return Optional.of(s.value());
    }
    problems.add(node.position(), path, "expected a text value, found " + node.describe());
    return Optional.empty();
  }

  /** Text on one line of printable characters (no control characters at all). */
  Optional<String> line(YNode node, String path) {
    return text(node, path).flatMap(value -> {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          problems.add(positionIn(node, i), path, "control character " + String.format("\\x%02x", (int) c)
              + " is not allowed here");
          return Optional.empty();
        }
      }
      return Optional.of(value);
    });
  }

  /** A non-empty single-line text. */
  Optional<String> required(YNode node, String path) {
    Optional<String> value = line(node, path);
    if (value.isPresent() && value.get().isBlank()) {
      problems.add(node.position(), path, "must not be empty");
      return Optional.empty();
    }
    return value;
  }

  Optional<Integer> integer(YNode node, String path, int min, int max) {
    if (node instanceof YNode.Scalar s && s.type() == YNode.ScalarType.INT) {
      try {
        int value = Integer.parseInt(s.value().replace("_", ""));
        if (value < min || value > max) {
          problems.add(node.position(), path, "must be between " + min + " and " + max + ", found " + value);
          return Optional.empty();
        }
        return Optional.of(value);
      } catch (NumberFormatException e) {
        // falls through to the problem below
      }
    }
    problems.add(node.position(), path, "expected a whole number, found " + describe(node));
    return Optional.empty();
  }

  Optional<BigDecimal> decimal(YNode node, String path) {
    if (node instanceof YNode.Scalar s
        && (s.type() == YNode.ScalarType.INT || s.type() == YNode.ScalarType.FLOAT)) {
      try {
        BigDecimal value = new BigDecimal(s.value().replace("_", ""));
        if (value.signum() < 0) {
          problems.add(node.position(), path, "must not be negative");
          return Optional.empty();
        }
        return Optional.of(value);
      } catch (NumberFormatException e) {
        // falls through
      }
    }
    problems.add(node.position(), path, "expected a number, found " + describe(node));
    return Optional.empty();
  }

  Optional<Boolean> bool(YNode node, String path) {
    if (node instanceof YNode.Scalar s && s.type() == YNode.ScalarType.BOOL) {
      return Optional.of(Boolean.parseBoolean(s.value().toLowerCase(Locale.ROOT))
          || s.value().equalsIgnoreCase("yes") || s.value().equalsIgnoreCase("on"));
    }
    problems.add(node.position(), path, "expected true or false, found " + describe(node));
    return Optional.empty();
  }

  /** A percentage 0-100: {@code 90%}, {@code 90} or {@code 90.0%}. */
  Optional<Integer> percentage(YNode node, String path) {
    if (node instanceof YNode.Scalar s) {
      Matcher m = PERCENT.matcher(s.value().trim());
      if (m.matches()) {
        int value = Integer.parseInt(m.group(1));
        if (value <= 100) {
          return Optional.of(value);
        }
        problems.add(node.position(), path, "a percentage must be between 0% and 100%, found " + s.value());
        return Optional.empty();
      }
    }
    problems.add(node.position(), path, "expected a whole percentage such as 90%, found " + describe(node));
    return Optional.empty();
  }

  /** A duration: {@code 30s}, {@code 1m}, {@code 2 minutes}, {@code 500ms}; a bare number is seconds. */
  Optional<Duration> duration(YNode node, String path) {
    if (node instanceof YNode.Scalar s) {
      Matcher m = DURATION.matcher(s.value().trim());
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Optional.of(switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(amount);
          case "h", "hr", "hrs", "hour", "hours" -> Duration.ofHours(amount);
          default -> Duration.ofSeconds(amount);
        });
      }
    }
    problems.add(node.position(), path, "expected a duration such as 30s, 1m or 2h (lower case units), found "
        + describe(node));
    return Optional.empty();
  }

  /** Memory in MiB: {@code 256MB}, {@code 2GB}, {@code 1.5gb}, {@code 512Mi}, {@code 1Gi}, {@code 1024Ki}; a bare number is MB. */
  Optional<Long> memoryMb(YNode node, String path) {
    if (node instanceof YNode.Scalar s) {
      Matcher m = MEMORY.matcher(s.value().trim());
      if (m.matches()) {
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal factor = switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "", "m", "mb", "mi", "mib" -> BigDecimal.ONE;
          case "g", "gb", "gi", "gib" -> BigDecimal.valueOf(1024);
          case "k", "kb", "ki", "kib" -> BigDecimal.ONE.divide(BigDecimal.valueOf(1024));
          default -> null;
        };
        if (factor != null) {
          BigDecimal mb = amount.multiply(factor).setScale(0, java.math.RoundingMode.CEILING);
          if (mb.compareTo(BigDecimal.valueOf(16L * 1024 * 1024)) > 0) {
            problems.add(node.position(), path, "memory larger than 16 TB: " + s.value());
            return Optional.empty();
          }
          return Optional.of(mb.longValueExact());
        }
      }
    }
    problems.add(node.position(), path, "expected memory such as 256MB, 2GB, 512Mi or 1Gi, found " + describe(node));
    return Optional.empty();
  }

  /** CPUs: a number such as {@code 0.5} or millicores such as {@code 500m}. */
  Optional<BigDecimal> cpu(YNode node, String path) {
    if (node instanceof YNode.Scalar s) {
      Matcher m = CPU_MILLIS.matcher(s.value().trim());
      if (m.matches()) {
        return Optional.of(new BigDecimal(m.group(1)).movePointLeft(3));
      }
      if (s.type() == YNode.ScalarType.INT || s.type() == YNode.ScalarType.FLOAT) {
        return decimal(node, path);
      }
    }
    problems.add(node.position(), path, "expected CPUs such as 0.5 or 500m, found " + describe(node));
    return Optional.empty();
  }

  static io.vamp.model.problem.Position positionIn(YNode node, int offset) {
    return node instanceof YNode.Scalar s ? s.positionOf(offset) : node.position();
  }

  static String describe(YNode node) {
    if (node instanceof YNode.Scalar s) {
      return "'" + Names.printable(s.value()) + "'";
    }
    return node.describe();
  }
}
