//! How the portal runtime reads a site-setting value, reproduced exactly: .NET's `bool.TryParse`,
//! `int.TryParse`, `TimeSpan.TryParse` (invariant culture) and `Enum.TryParse`.
//!
//! Each parser returns `None` where .NET's `TryParse` returns false; the runtime then uses the
//! setting's default. The famous trap is [`parse_timespan`]`("24:00:00")`: hours above 23 make .NET
//! re-read `h:m:s` as `d:h:m`, so it is **24 days**, not one day.

use std::fmt;

use serde::{Deserialize, Serialize};
use specta::Type;

/// .NET's whitespace for `Trim()`-style parsing (ASCII spaces, tabs, line breaks, NUL).
fn trim_dotnet(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\0')
}

/// `bool.TryParse`: "true"/"false" in any letter case, surrounded by optional whitespace.
/// Anything else ("1", "yes", "on", "") is not a boolean.
pub fn parse_bool(s: &str) -> Option<bool> {
    let t = trim_dotnet(s);
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `int.TryParse` with `NumberStyles.Integer`: optional whitespace, an optional sign, ASCII digits,
/// and the value must fit in 32 bits.
pub fn parse_int(s: &str) -> Option<i32> {
    let t = s.trim_matches(|c: char| c.is_ascii_whitespace());
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<i32>().ok()
}

/// `Enum.TryParse<T>(value)` (case-sensitive): one of the member names, after trimming.
pub fn parse_enum<'a>(s: &str, names: &[&'a str]) -> Option<&'a str> {
    let t = trim_dotnet(s);
    names.iter().copied().find(|n| *n == t)
}

/// A .NET `TimeSpan`: a signed count of 100-nanosecond ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
pub struct TimeSpan {
    /// 100 ns units, as .NET counts them.
    pub ticks: i64,
}

const TICKS_PER_SECOND: i64 = 10_000_000;
const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

impl TimeSpan {
    pub const fn from_days(d: i64) -> Self {
        Self { ticks: d * TICKS_PER_DAY }
    }
    pub const fn from_hours(h: i64) -> Self {
        Self { ticks: h * TICKS_PER_HOUR }
    }
    pub const fn from_minutes(m: i64) -> Self {
        Self { ticks: m * TICKS_PER_MINUTE }
    }
    pub const fn from_seconds(s: i64) -> Self {
        Self { ticks: s * TICKS_PER_SECOND }
    }

    pub fn as_chrono(self) -> chrono::Duration {
        chrono::Duration::microseconds(self.ticks / 10)
    }

    /// Words for people: "1 day", "24 days", "3 minutes", "1 day 6 hours".
    pub fn describe(self) -> String {
        let mut rest = self.ticks.unsigned_abs();
        let mut parts = Vec::new();
        for (unit, name) in [
            (TICKS_PER_DAY as u64, "day"),
            (TICKS_PER_HOUR as u64, "hour"),
            (TICKS_PER_MINUTE as u64, "minute"),
            (TICKS_PER_SECOND as u64, "second"),
        ] {
            let n = rest / unit;
            rest %= unit;
            if n > 0 {
                parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
            }
        }
        if parts.is_empty() {
            return if rest > 0 { "less than a second".into() } else { "0 seconds".into() };
        }
        let text = parts.join(" ");
        if self.ticks < 0 {
            format!("minus {text}")
        } else {
            text
        }
    }
}

/// The constant ("c") format .NET writes and reads back unambiguously: `[-][d.]hh:mm:ss[.fffffff]`.
impl fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = self.ticks.unsigned_abs();
        if self.ticks < 0 {
            f.write_str("-")?;
        }
        let days = t / TICKS_PER_DAY as u64;
        t %= TICKS_PER_DAY as u64;
        if days > 0 {
            write!(f, "{days}.")?;
        }
        let (h, m, s, frac) = (
            t / TICKS_PER_HOUR as u64,
            t % TICKS_PER_HOUR as u64 / TICKS_PER_MINUTE as u64,
            t % TICKS_PER_MINUTE as u64 / TICKS_PER_SECOND as u64,
            t % TICKS_PER_SECOND as u64,
        );
        write!(f, "{h:02}:{m:02}:{s:02}")?;
        if frac > 0 {
            write!(f, ".{frac:07}")?;
        }
        Ok(())
    }
}

/// The largest day count a TimeSpan holds (`TimeSpan.MaxValue.Days`).
const MAX_DAYS: i64 = 10_675_199;

/// `TimeSpan.TryParse(s, CultureInfo.InvariantCulture)`:
/// `[ws][-]{ d | [d.]hh:mm[:ss[.fffffff]] | d:hh:mm[:ss[.fffffff]] }[ws]`.
///
/// Hours must be 0–23 and minutes and seconds 0–59. Three colon-separated numbers are read as
/// `hh:mm:ss` when they fit, otherwise as `d:hh:mm` — which is how `24:00:00` becomes 24 days.
pub fn parse_timespan(s: &str) -> Option<TimeSpan> {
    let t = trim_dotnet(s);
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let ticks = parse_unsigned_timespan(body)?;
    Some(TimeSpan { ticks: if negative { -ticks } else { ticks } })
}

fn number(part: &str) -> Option<i64> {
    if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Up to seven digits of a second's fraction, as ticks.
fn fraction(part: &str) -> Option<i64> {
    if part.is_empty() || part.len() > 7 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: i64 = part.parse().ok()?;
    Some(digits * 10_i64.pow(7 - part.len() as u32))
}

fn ticks_of(days: i64, h: i64, m: i64, s: i64, frac: i64) -> Option<i64> {
    if h > 23 || m > 59 || s > 59 || days > MAX_DAYS {
        return None;
    }
    days.checked_mul(TICKS_PER_DAY)?
        .checked_add(h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE + s * TICKS_PER_SECOND + frac)
}

fn parse_unsigned_timespan(body: &str) -> Option<i64> {
    if !body.contains(':') {
        // A bare number of days; "1.5" is not a TimeSpan.
        return ticks_of(number(body)?, 0, 0, 0, 0);
    }
    let colon_parts: Vec<&str> = body.split(':').collect();
    // Days before a dot: "d.hh:mm[:ss[.f]]".
    let (dot_days, first) = match colon_parts[0].split_once('.') {
        Some((d, h)) => (Some(number(d)?), h),
        None => (None, colon_parts[0]),
    };
    // A fraction can only follow the seconds: split it off the last part.
    let last = colon_parts[colon_parts.len() - 1];
    let (last_whole, frac) = match last.split_once('.') {
        Some((w, f)) if colon_parts.len() >= 3 => (w, fraction(f)?),
        Some(_) => return None,
        None => (last, 0),
    };
    let mut nums = Vec::with_capacity(colon_parts.len());
    for (i, part) in colon_parts.iter().enumerate() {
        let text = if i == 0 {
            first
        } else if i == colon_parts.len() - 1 {
            last_whole
        } else {
            part
        };
        nums.push(number(text)?);
    }
    match (dot_days, nums.as_slice()) {
        (Some(d), [h, m]) => ticks_of(d, *h, *m, 0, 0),
        (Some(d), [h, m, s]) => ticks_of(d, *h, *m, *s, frac),
        (None, [h, m]) => ticks_of(0, *h, *m, 0, 0),
        (None, [a, b, c]) => {
            // .NET tries hh:mm:ss first; when that overflows it reads d:hh:mm (no fraction then).
            ticks_of(0, *a, *b, *c, frac).or_else(|| if frac == 0 { ticks_of(*a, *b, *c, 0, 0) } else { None })
        }
        (None, [d, h, m, s]) => ticks_of(*d, *h, *m, *s, frac),
        _ => None,
    }
}

/// `24:00:00`-style values: three colon-separated numbers whose first is an hour count above 23,
/// which .NET silently reads as days. Returns what it means and what was probably meant.
pub fn timespan_trap(s: &str) -> Option<(TimeSpan, TimeSpan)> {
    let t = trim_dotnet(s);
    let body = t.strip_prefix('-').unwrap_or(t);
    let parts: Vec<&str> = body.split(':').collect();
    if parts.len() != 3 || parts[0].contains('.') {
        return None;
    }
    let hours = number(parts[0])?;
    let minutes = number(parts[1])?;
    let seconds = number(parts[2])?;
    if hours <= 23 {
        return None;
    }
    let actual = parse_timespan(t)?;
    let meant = TimeSpan { ticks: hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE + seconds * TICKS_PER_SECOND };
    Some((actual, meant))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_parse_in_any_case_with_whitespace_and_nothing_else() {
        for yes in ["true", "True", "TRUE", " true ", "tRuE\n"] {
            assert_eq!(parse_bool(yes), Some(true), "{yes:?}");
        }
        for no in ["false", "False", "FALSE "] {
            assert_eq!(parse_bool(no), Some(false), "{no:?}");
        }
        for neither in ["1", "0", "yes", "on", "", "truee", "t"] {
            assert_eq!(parse_bool(neither), None, "{neither:?}");
        }
    }

    #[test]
    fn integers_accept_a_sign_and_spaces_but_not_fractions_or_overflow() {
        assert_eq!(parse_int("8"), Some(8));
        assert_eq!(parse_int(" -3 "), Some(-3));
        assert_eq!(parse_int("+12"), Some(12));
        assert_eq!(parse_int("2147483647"), Some(i32::MAX));
        for bad in ["", "8.0", "1e3", "2147483648", "eight", "0x10", "- 1"] {
            assert_eq!(parse_int(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn enums_match_member_names_case_sensitively() {
        let names = ["SameAsRequest", "Always", "Never"];
        assert_eq!(parse_enum(" Always ", &names), Some("Always"));
        assert_eq!(parse_enum("always", &names), None);
    }

    #[test]
    fn twenty_four_hours_written_as_hh_mm_ss_is_twenty_four_days() {
        assert_eq!(parse_timespan("24:00:00"), Some(TimeSpan::from_days(24)));
        assert_eq!(
            timespan_trap("24:00:00"),
            Some((TimeSpan::from_days(24), TimeSpan::from_hours(24))),
            "the trap reports what it means and what was meant"
        );
        assert_eq!(parse_timespan("1.00:00:00"), Some(TimeSpan::from_days(1)));
        assert_eq!(timespan_trap("23:59:59"), None);
        assert_eq!(timespan_trap("1.00:00:00"), None);
    }

    #[test]
    fn timespans_follow_the_dotnet_grammar() {
        assert_eq!(parse_timespan("00:03:00"), Some(TimeSpan::from_minutes(3)));
        assert_eq!(parse_timespan("00:10"), Some(TimeSpan::from_minutes(10)));
        assert_eq!(parse_timespan("5"), Some(TimeSpan::from_days(5)));
        assert_eq!(parse_timespan("2.12:00"), Some(TimeSpan::from_hours(60)));
        assert_eq!(
            parse_timespan("1:02:03:04"),
            Some(TimeSpan { ticks: TimeSpan::from_days(1).ticks + 7_384 * 10_000_000 })
        );
        assert_eq!(parse_timespan("00:00:01.5"), Some(TimeSpan { ticks: 15_000_000 }));
        assert_eq!(parse_timespan("-00:05:00"), Some(TimeSpan::from_minutes(-5)));
        assert_eq!(parse_timespan(" 00:05:00 "), Some(TimeSpan::from_minutes(5)));
        for bad in [
            "",
            "abc",
            "24:00",
            "00:60:00",
            "00:00:60",
            "24:30:00",
            "1.5",
            "1 day",
            "00:00.5",
            "1.2.3:00",
            "24:00:00.5",
        ] {
            assert_eq!(parse_timespan(bad), None, "{bad:?} must not parse");
        }
    }

    #[test]
    fn timespans_print_in_the_constant_format_that_parses_back() {
        for (ts, text) in [
            (TimeSpan::from_days(1), "1.00:00:00"),
            (TimeSpan::from_minutes(3), "00:03:00"),
            (TimeSpan::from_hours(-2), "-02:00:00"),
            (TimeSpan { ticks: 15_000_000 }, "00:00:01.5000000"),
        ] {
            assert_eq!(ts.to_string(), text);
            assert_eq!(parse_timespan(text), Some(ts));
        }
        assert_eq!(TimeSpan::from_days(24).describe(), "24 days");
        assert_eq!(TimeSpan::from_hours(30).describe(), "1 day 6 hours");
    }
}
