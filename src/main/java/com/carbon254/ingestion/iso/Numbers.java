package com.carbon254.ingestion.iso;

/**
 * Decimal parsing for ISO price strings ({@code .6}, {@code -.37}, {@code 1e3}, {@code +5}, {@code " 27.04"}).
 * Short numbers take an exact fast path (mantissa below 2^53 and a power of ten up to 10^22 give a correctly
 * rounded result in one operation, so the value equals {@link Double#parseDouble}'s); longer ones are checked
 * against the same grammar and handed to {@link Double#parseDouble}. Unlike {@code parseDouble} this rejects
 * {@code NaN}/{@code Infinity} text, hex floats and {@code d}/{@code f} suffixes. Stateless, thread-safe.
 */
public final class Numbers {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Numbers() {
    }

    /**
     * @return the value, {@code NaN} when {@code s} is not a decimal number (including the text {@code NaN}), or
     *         ±Infinity when it is a decimal too large for a double ({@code 1e400})
     */
    public static double parse(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && isSpace(s.charAt(i))) i++;
        while (n > i && isSpace(s.charAt(n - 1))) n--;
        if (i == n) return Double.NaN;
        int from = i;
        boolean neg = false;
        char c = s.charAt(i);
        if (c == '+' || c == '-') {
            neg = c == '-';
            i++;
        }
        long mant = 0;
        int digits = 0;
        int frac = 0;
        while (i < n && (c = s.charAt(i)) >= '0' && c <= '9') {
            if (digits < 18) mant = mant * 10 + (c - '0');
            digits++;
            i++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && (c = s.charAt(i)) >= '0' && c <= '9') {
                if (digits < 18) mant = mant * 10 + (c - '0');
                digits++;
                frac++;
                i++;
            }
        }
        if (digits == 0) return Double.NaN;
        int exp = 0;
        if (i < n && ((c = s.charAt(i)) == 'e' || c == 'E')) {
            i++;
            boolean eneg = false;
            if (i < n && ((c = s.charAt(i)) == '+' || c == '-')) {
                eneg = c == '-';
                i++;
            }
            int ed = 0;
            while (i < n && (c = s.charAt(i)) >= '0' && c <= '9') {
                if (exp < 100_000) exp = exp * 10 + (c - '0');
                ed++;
                i++;
            }
            if (ed == 0) return Double.NaN;
            if (eneg) exp = -exp;
        }
        if (i != n) return Double.NaN;
        if (digits <= 15) {
            if (mant == 0) return neg ? -0.0 : 0.0;
            int e10 = exp - frac;
            double v;
            if (e10 == 0) v = mant;
            else if (e10 > 0 && e10 <= 22) v = mant * POW10[e10];
            else if (e10 < 0 && e10 >= -22) v = mant / POW10[-e10];
            else return Double.parseDouble(s.substring(from, n));
            return neg ? -v : v;
        }
        return Double.parseDouble(s.substring(from, n));
    }

    /** True for the texts that spell a non-finite number: {@code NaN}, {@code Infinity}, {@code -inf}, ... */
    public static boolean isNonFiniteLiteral(String s) {
        String t = s.strip();
        if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) t = t.substring(1);
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** {@code v} rounded to 1e-6: a derived component without the binary noise of its sum. */
    public static double round6(double v) {
        return Math.rint(v * 1e6) / 1e6;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
