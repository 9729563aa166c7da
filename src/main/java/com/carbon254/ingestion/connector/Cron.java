package com.carbon254.ingestion.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates 5-field cron expressions ({@code minute hour day-of-month month day-of-week}) as Airflow/cron read
 * them: {@code *}, numbers, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n}, lists {@code a,b}; month and
 * weekday names ({@code JAN}, {@code MON}). No {@code ?}, {@code L}, {@code W}, {@code #} or {@code @daily}
 * macros: the index and the DAG builder expect the plain form.
 */
public final class Cron {
    private static final String[] FIELD = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private Cron() {
    }

    /** Every problem with {@code expr}; empty when it is a valid 5-field expression. */
    public static List<String> problems(String expr) {
        List<String> out = new ArrayList<>();
        if (expr == null || expr.isBlank()) {
            out.add("empty cron expression");
            return out;
        }
        String[] fields = expr.strip().split("\\s+");
        if (fields.length != 5) {
            out.add("'" + expr + "' has " + fields.length + " fields; expected 5 (minute hour day-of-month month"
                    + " day-of-week)");
            return out;
        }
        for (int f = 0; f < 5; f++) {
            for (String item : fields[f].split(",", -1)) {
                String p = item(item, f);
                if (p != null) out.add(FIELD[f] + " '" + item + "': " + p);
            }
        }
        return out;
    }

    private static String item(String item, int f) {
        if (item.isEmpty()) return "empty list item";
        String base = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            int step = number(item.substring(slash + 1), -1);
            if (step < 1 || step > MAX[f] - MIN[f] + 1) {
                return "step must be 1.." + (MAX[f] - MIN[f] + 1);
            }
        }
        if (base.equals("*")) return null;
        int dash = base.indexOf('-');
        if (dash > 0) {
            int a = value(base.substring(0, dash), f);
            int b = value(base.substring(dash + 1), f);
            if (a < 0 || b < 0) return "expected " + MIN[f] + ".." + MAX[f] + names(f);
            if (a > b) return "range start is after its end";
            return null;
        }
        if (value(base, f) < 0) return "expected *, a value " + MIN[f] + ".." + MAX[f] + names(f) + ", a range or a step";
        return null;
    }

    private static int value(String s, int f) {
        int v = number(s, -1);
        if (v < 0) {
            String u = s.toUpperCase(Locale.ROOT);
            if (f == 3 && MONTHS.contains(u)) return MONTHS.indexOf(u) + 1;
            if (f == 4 && DAYS.contains(u)) return DAYS.indexOf(u);
            return -1;
        }
        return v >= MIN[f] && v <= MAX[f] ? v : -1;
    }

    private static String names(int f) {
        return f == 3 ? " or JAN..DEC" : f == 4 ? " or SUN..SAT" : "";
    }

    private static int number(String s, int otherwise) {
        if (s.isEmpty() || s.length() > 4) return otherwise;
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return otherwise;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
