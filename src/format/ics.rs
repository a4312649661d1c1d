//! The calendar export (iCalendar, RFC 5545): one all-day event with an alarm on each
//! reminder's day. Written by hand: a VCALENDAR of VEVENTs is a few lines, and the folding
//! and escaping it needs are shared with vCard (`super::lines`).

use chrono::{DateTime, NaiveDate, Utc};

use super::lines::{escape, push_line};

/// One reminder: a day, what to do, and an id that stays the same from one export to the
/// next, so a calendar that imports the file again moves the event instead of adding one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub uid: String,
    pub day: NaiveDate,
    pub summary: String,
    pub description: Option<String>,
}

/// The whole calendar. `stamp` is the moment of the export (`DTSTAMP`).
pub fn write(reminders: &[Reminder], stamp: DateTime<Utc>) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//supportmap//supportmap//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:supportmap",
    ] {
        push_line(&mut out, line);
    }
    for r in reminders {
        let next = r.day.succ_opt().unwrap_or(r.day);
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", escape(&r.uid)));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", r.day.format("%Y%m%d")),
        );
        push_line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        );
        push_line(&mut out, &format!("SUMMARY:{}", escape(&r.summary)));
        if let Some(description) = &r.description {
            push_line(&mut out, &format!("DESCRIPTION:{}", escape(description)));
        }
        push_line(&mut out, "TRANSP:TRANSPARENT");
        // At nine in the morning of the day.
        push_line(&mut out, "BEGIN:VALARM");
        push_line(&mut out, "ACTION:DISPLAY");
        push_line(&mut out, &format!("DESCRIPTION:{}", escape(&r.summary)));
        push_line(&mut out, "TRIGGER;RELATED=START:PT9H");
        push_line(&mut out, "END:VALARM");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarProperty};

    fn reminders() -> Vec<Reminder> {
        vec![
            Reminder {
                uid: "rhythm-0b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b@supportmap".into(),
                day: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
                summary: "Reach out to Jo, my sponsor; every week".into(),
                description: Some(format!("Phone: +44 7700 900123\n{}", "long ".repeat(40))),
            },
            Reminder {
                uid: "plan-review@supportmap".into(),
                day: NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
                summary: "Review your safety plan".into(),
                description: None,
            },
        ]
    }

    #[test]
    fn a_real_parser_reads_every_event_with_its_alarm() {
        let text = write(&reminders(), "2026-11-22T10:00:00Z".parse().unwrap());
        let cal = ICalendar::parse(&text).expect("the calendar parses");
        let events: Vec<_> = cal
            .components
            .iter()
            .filter(|c| c.component_type == ICalendarComponentType::VEvent)
            .collect();
        assert_eq!(events.len(), 2);
        let alarms = cal
            .components
            .iter()
            .filter(|c| c.component_type == ICalendarComponentType::VAlarm)
            .count();
        assert_eq!(alarms, 2);
        let summary = events[0]
            .property(&ICalendarProperty::Summary)
            .and_then(|p| p.values.first())
            .and_then(|v| v.as_text())
            .unwrap();
        assert_eq!(summary, "Reach out to Jo, my sponsor; every week");
        let uid = events[0]
            .property(&ICalendarProperty::Uid)
            .and_then(|p| p.values.first())
            .and_then(|v| v.as_text())
            .unwrap();
        assert_eq!(
            uid,
            "rhythm-0b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b@supportmap"
        );
    }

    #[test]
    fn lines_are_folded_and_end_in_crlf() {
        let text = write(&reminders(), "2026-11-22T10:00:00Z".parse().unwrap());
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
            assert!(!line.contains('\n'), "a bare line feed in {line:?}");
        }
        assert!(text.contains("DTSTART;VALUE=DATE:20261129\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20261130\r\n"));
    }
}
