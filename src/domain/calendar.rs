//! Exports of key expiries: an iCalendar (RFC 5545) file with one event per key expiry and
//! reminders at the 30- and 7-day milestones, and a CSV table. Pure text building.

use chrono::{DateTime, Utc};

use super::key::{days_left, Severity};

/// One key expiry to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expiry {
    pub portal_id: String,
    pub portal_name: String,
    pub portal_url: String,
    pub thumbprint: String,
    pub not_after: DateTime<Utc>,
}

fn ics_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n").replace('\r', "")
}

/// RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF + one space), never inside a
/// UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The iCalendar file; `now` stamps the events (DTSTAMP).
pub fn to_ics(expiries: &[Expiry], now: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Portal Admin Center//Key expiries//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "X-WR-CALNAME:Portal authentication keys".to_owned(),
    ];
    for e in expiries {
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}-{}@portal-admin-center", e.portal_id, e.thumbprint),
            format!("DTSTAMP:{}", ics_time(now)),
            format!("DTSTART:{}", ics_time(e.not_after)),
            format!("DTEND:{}", ics_time(e.not_after)),
            format!("SUMMARY:{}", ics_text(&format!("Authentication key of {} expires", e.portal_name))),
            format!(
                "DESCRIPTION:{}",
                ics_text(&format!(
                    "The portal {} ({}) stops working when its authentication key (thumbprint {}) expires. Renew it in Portal Admin Center before then.",
                    e.portal_name, e.portal_url, e.thumbprint
                ))
            ),
            "TRANSP:TRANSPARENT".to_owned(),
        ]);
        for (trigger, what) in [("-P30D", "30 days"), ("-P7D", "7 days")] {
            lines.extend([
                "BEGIN:VALARM".to_owned(),
                "ACTION:DISPLAY".to_owned(),
                format!("TRIGGER:{trigger}"),
                format!(
                    "DESCRIPTION:{}",
                    ics_text(&format!("{}: authentication key expires in {what}", e.portal_name))
                ),
                "END:VALARM".to_owned(),
            ]);
        }
        lines.push("END:VEVENT".to_owned());
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in &lines {
        fold(line, &mut out);
    }
    out
}

/// The CSV table: portal, portal id, severity, expiry (RFC 3339 UTC), days left, thumbprint.
pub fn to_csv(expiries: &[Expiry], now: DateTime<Utc>) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["portal", "portal_id", "severity", "not_after", "days_left", "thumbprint"])?;
    for e in expiries {
        writer.write_record([
            e.portal_name.as_str(),
            e.portal_id.as_str(),
            Severity::of(e.not_after, now).as_str(),
            &e.not_after.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            &days_left(e.not_after, now).to_string(),
            e.thumbprint.as_str(),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn expiry(name: &str) -> Expiry {
        Expiry {
            portal_id: "3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08".into(),
            portal_name: name.into(),
            portal_url: "https://contoso.powerappsportals.com/".into(),
            thumbprint: "2542C8E4E6B5CA7BF118EFE92694B7995258DFC8".into(),
            not_after: t("2026-12-12T00:46:08Z"),
        }
    }

    #[test]
    fn the_calendar_has_one_event_per_key_at_its_expiry_with_two_reminders() {
        let out = to_ics(&[expiry("Contoso"), expiry("Fabrikam")], t("2026-11-22T00:00:00Z"));
        assert!(out.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(out.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(out.matches("BEGIN:VEVENT").count(), 2);
        assert_eq!(out.matches("BEGIN:VALARM").count(), 4);
        assert!(out.contains("DTSTART:20261212T004608Z\r\n"));
        assert!(out.contains("DTSTAMP:20261122T000000Z\r\n"));
        assert!(out.contains("TRIGGER:-P7D\r\n"));
        assert!(!out.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    }

    #[test]
    fn calendar_text_is_escaped_and_long_lines_are_folded_at_75_octets() {
        let out =
            to_ics(&[expiry("Contoso, Inc.; Partners \\ Ünïcode portal with a very long name indeed")], Utc::now());
        assert!(out.contains("Contoso\\, Inc.\\; Partners \\\\ "));
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Unfolding gives back the summary.
        let unfolded = out.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Authentication key of Contoso\\, Inc.\\; Partners \\\\ Ünïcode portal"));
    }

    #[test]
    fn the_csv_quotes_what_needs_quoting_and_states_severity_and_days_left() {
        let out = to_csv(&[expiry("Contoso, Inc.")], t("2026-11-22T00:46:08Z")).unwrap();
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("portal,portal_id,severity,not_after,days_left,thumbprint"));
        assert_eq!(
            lines.next(),
            Some("\"Contoso, Inc.\",3f6e1c2a-9b7d-4e8f-a1c5-7d2e9b4f6a08,warning,2026-12-12T00:46:08Z,20,2542C8E4E6B5CA7BF118EFE92694B7995258DFC8")
        );
    }
}
