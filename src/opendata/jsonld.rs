//! schema.org JSON-LD for a resource's page, so search engines and maps can show the
//! place's address, phone number and opening hours.
//!
//! The resource is a `CivicStructure` (a Place). Weekly rules that happen every week become
//! `openingHoursSpecification`s; what schema.org cannot say (第2・第4土曜, every other
//! week, days of the month, 祝日は休み) is in `description`, in the same Japanese the page
//! shows, rather than approximated.
//!
//! The text goes inside `<script type="application/ld+json">`, where HTML escaping does not
//! apply and `</script>` in any value would end the element. [`resource`] therefore writes
//! `<`, `>` and `&` (and U+2028/U+2029) as JSON `\u` escapes: the JSON means the same, and the
//! HTML parser never sees markup.

use serde_json::{Map, Value, json};

use crate::content::Site;
use crate::content::resource::Resource;
use crate::schedule::{Freq, Rule};

/// The JSON-LD text for `r`, whose page is at `page_url` (absolute), safe to put between
/// `<script type="application/ld+json">` and `</script>` as it is.
pub fn resource(site: &Site, r: &Resource, page_url: &str) -> String {
    let value = value(site, r, page_url);
    let text = serde_json::to_string(&value).unwrap_or_else(|_| "{}".into());
    script_safe(&text)
}

/// Escape what could end or confuse a `<script>` element. Every character replaced can
/// only occur inside JSON strings, where `\uXXXX` means the same character.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn put(obj: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        obj.insert(key.into(), Value::String(v.to_string()));
    }
}

/// The JSON-LD as a value (before escaping for `<script>`).
pub fn value(site: &Site, r: &Resource, page_url: &str) -> Value {
    let f = &r.front;
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    o.insert("@type".into(), json!("CivicStructure"));
    put(&mut o, "@id", Some(page_url));
    put(&mut o, "name", Some(&f.name));
    put(&mut o, "alternateName", f.name_kana.as_deref());
    let mut description: Vec<String> = Vec::new();
    let body = r.rendered.text.trim();
    if !body.is_empty() {
        description.push(body.to_string());
    }
    if let Some(s) = &r.schedule {
        description.extend(s.describe_ja());
    }
    put(&mut o, "description", Some(&description.join("\n")));
    if f.address.is_some() || f.postal_code.is_some() {
        let mut a = Map::new();
        a.insert("@type".into(), json!("PostalAddress"));
        put(&mut a, "streetAddress", f.address.as_deref());
        put(&mut a, "postalCode", f.postal_code.as_deref());
        a.insert("addressCountry".into(), json!("JP"));
        o.insert("address".into(), Value::Object(a));
    }
    if let (Some(lat), Some(lon)) = (f.lat, f.lon) {
        o.insert(
            "geo".into(),
            json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon }),
        );
    }
    put(&mut o, "telephone", f.phone.as_deref());
    put(&mut o, "faxNumber", f.fax.as_deref());
    put(&mut o, "email", f.email.as_deref());
    put(
        &mut o,
        "url",
        Some(f.website.as_deref().unwrap_or(page_url)),
    );
    if let Some(s) = &r.schedule {
        let hours: Vec<Value> = s.rules.iter().filter_map(opening_hours).collect();
        if !hours.is_empty() {
            o.insert("openingHoursSpecification".into(), Value::Array(hours));
        }
    }
    if let Some(rc) = &site.config.resources {
        let features: Vec<Value> = r
            .accessibility
            .iter()
            .filter_map(|&i| rc.accessibility.get(i))
            .map(|t| json!({ "@type": "LocationFeatureSpecification", "name": t.name, "value": true }))
            .collect();
        if !features.is_empty() {
            o.insert("amenityFeature".into(), Value::Array(features));
        }
    }
    Value::Object(o)
}

fn day_name(d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => "https://schema.org/Monday",
        Tue => "https://schema.org/Tuesday",
        Wed => "https://schema.org/Wednesday",
        Thu => "https://schema.org/Thursday",
        Fri => "https://schema.org/Friday",
        Sat => "https://schema.org/Saturday",
        Sun => "https://schema.org/Sunday",
    }
}

/// A rule schema.org can express: every week, on weekdays without ordinals.
fn opening_hours(r: &Rule) -> Option<Value> {
    let every_week = r.freq == Freq::Weekly
        && r.interval <= 1
        && r.bymonthday.is_empty()
        && !r.byday.is_empty()
        && r.byday.iter().all(|b| b.nth.is_none());
    if !every_week {
        return None;
    }
    let days: Vec<&str> = r.byday.iter().map(|b| day_name(b.weekday)).collect();
    let closes = if r.closes_at == chrono::NaiveTime::MIN {
        "23:59".to_string()
    } else {
        r.closes_at.format("%H:%M").to_string()
    };
    let mut o = Map::new();
    o.insert("@type".into(), json!("OpeningHoursSpecification"));
    o.insert("dayOfWeek".into(), json!(days));
    o.insert(
        "opens".into(),
        json!(r.opens_at.format("%H:%M").to_string()),
    );
    o.insert("closes".into(), json!(closes));
    if let Some(d) = r.valid_from {
        o.insert("validFrom".into(), json!(d.format("%Y-%m-%d").to_string()));
    }
    if let Some(d) = r.valid_to {
        o.insert(
            "validThrough".into(),
            json!(d.format("%Y-%m-%d").to_string()),
        );
    }
    Some(Value::Object(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_text_is_the_same_json() {
        let hostile = json!({
            "name": "</script><script>alert(1)</script>",
            "q": "\"quoted\" \\back\\slash & <b> \u{2028}",
        });
        let text = script_safe(&serde_json::to_string(&hostile).unwrap());
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, hostile);
    }
}
