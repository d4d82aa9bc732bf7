//! `resources.json`: the directory as Open Referral HSDS 3.0 objects, for other services
//! and apps that use the international Human Services Data Specification.
//!
//! ```text
//! { "hsds_version": "3.0",
//!   "organizations": [...],          one per distinct 運営者
//!   "services": [...],               one per resource: contact, fees, eligibility,
//!                                    languages, phones, schedules (RFC 5545 rules), attributes
//!   "locations": [...],              one per resource with an address or coordinates
//!   "service_at_locations": [...] }  linking the two
//! ```
//!
//! Ids are UUIDs derived from the resource id (a version-8 UUID from a fixed hash), so they stay the
//! same from one build to the next; keys are in a fixed order (serde_json's sorted maps).
//! The location's `external_identifier` is the resource id. `[private]`, `[extra]` and
//! drafts are never exported. Times are local (`timezone: 9`, JST).

use serde_json::{Map, Value, json};

use super::{area_label, stable_uuid, term_label};
use crate::content::Site;
use crate::content::resource::Resource;
use crate::schedule::{ByDay, Freq, Rule, Schedule};

/// The JSON text, pretty-printed.
pub fn export(site: &Site) -> String {
    let value = document(site);
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| {
        tracing::error!("resources.json: {e}");
        "{}".into()
    })
}

/// Insert `key` only when the value is present and not empty.
fn put(obj: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(v) = value.map(Into::into) {
        let empty = match &v {
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Null => true,
            _ => false,
        };
        if !empty {
            obj.insert(key.to_string(), v);
        }
    }
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The whole HSDS document as a value.
pub fn document(site: &Site) -> Value {
    let mut organizations: Vec<Value> = Vec::new();
    let mut org_names: Vec<&str> = Vec::new();
    let mut services = Vec::new();
    let mut locations = Vec::new();
    let mut links = Vec::new();
    for r in &site.resources {
        let org_id = r
            .front
            .operator
            .as_deref()
            .filter(|o| !o.is_empty())
            .map(|o| {
                let id = stable_uuid(&format!("organization/{o}"));
                if !org_names.contains(&o) {
                    org_names.push(o);
                    organizations.push(json!({ "id": id, "name": o, "description": "" }));
                }
                id
            });
        let service_id = stable_uuid(&format!("service/{}", r.id));
        let mut service = service(site, r, &service_id);
        put(&mut service, "organization_id", org_id);
        services.push(Value::Object(service));
        if let Some(loc) = location(site, r) {
            let location_id = loc.get("id").cloned().unwrap_or(Value::Null);
            locations.push(Value::Object(loc));
            links.push(json!({
                "id": stable_uuid(&format!("service_at_location/{}", r.id)),
                "service_id": service_id,
                "location_id": location_id,
            }));
        }
    }
    json!({
        "hsds_version": "3.0",
        "organizations": organizations,
        "services": services,
        "locations": locations,
        "service_at_locations": links,
    })
}

fn service(site: &Site, r: &Resource, id: &str) -> Map<String, Value> {
    let f = &r.front;
    let rc = site.config.resources.as_ref();
    let mut s = object(json!({ "id": id, "name": f.name, "status": "active" }));
    put(&mut s, "alternate_name", f.name_kana.clone());
    let mut description = r.rendered.text.trim().to_string();
    if let Some(n) = f.notes.as_deref().filter(|n| !n.is_empty()) {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(n);
    }
    put(&mut s, "description", Some(description));
    put(&mut s, "url", f.website.clone());
    put(&mut s, "email", f.email.clone());
    put(&mut s, "fees_description", f.fee.clone());
    if let Some(rc) = rc {
        let names: Vec<String> = r
            .audience
            .iter()
            .map(|&i| term_label(&rc.audiences, i))
            .collect();
        put(&mut s, "eligibility_description", Some(names.join("、")));
    }
    put(
        &mut s,
        "assured_date",
        f.verified.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    let languages: Vec<Value> = f
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "id": stable_uuid(&format!("language/{}/{i}", r.id)),
                "service_id": id,
                "name": l,
            })
        })
        .collect();
    put(&mut s, "languages", Some(languages));
    let mut phones = Vec::new();
    for (kind, number) in [("voice", &f.phone), ("fax", &f.fax)] {
        if let Some(n) = number.as_deref().filter(|n| !n.is_empty()) {
            phones.push(json!({
                "id": stable_uuid(&format!("phone/{}/{kind}", r.id)),
                "service_id": id,
                "number": n,
                "type": kind,
            }));
        }
    }
    put(&mut s, "phones", Some(phones));
    if let Some(sched) = &r.schedule {
        put(&mut s, "schedules", Some(schedules(&r.id, id, sched)));
    }
    let mut attributes = Vec::new();
    if let Some(rc) = rc {
        let kind = rc
            .kinds
            .get(r.kind)
            .map(|k| (k.id.as_str(), k.name.as_str()));
        let audiences = r
            .audience
            .iter()
            .filter_map(|&i| rc.audiences.get(i))
            .map(|t| ("audience", t.id.as_str(), t.name.as_str()));
        for (taxonomy, code, name) in kind
            .map(|(c, n)| ("kind", c, n))
            .into_iter()
            .chain(audiences)
        {
            attributes.push(json!({
                "id": stable_uuid(&format!("attribute/{}/{taxonomy}/{code}", r.id)),
                "link_id": id,
                "link_entity": "service",
                "link_type": taxonomy,
                "taxonomy_term": {
                    "id": stable_uuid(&format!("taxonomy_term/{taxonomy}/{code}")),
                    "code": code,
                    "name": name,
                    "description": name,
                },
            }));
        }
    }
    put(&mut s, "attributes", Some(attributes));
    s
}

/// RFC 5545 BYDAY: `MO`, `2SA`, `-1FR`.
pub fn byday(b: &ByDay) -> String {
    let day = super::values::byday_code(b.weekday);
    match b.nth {
        Some(n) => format!("{n}{day}"),
        None => day.to_string(),
    }
}

fn hhmm(t: chrono::NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A closing time of 00:00 is midnight at the end of the day (see [`crate::schedule`]).
fn closes(t: chrono::NaiveTime) -> String {
    if t == chrono::NaiveTime::MIN {
        "24:00".into()
    } else {
        hhmm(t)
    }
}

/// One HSDS schedule per rule and per one-off date; every one carries the full Japanese
/// description (closures, notes) in `notes`, which is also the only entry when there is no
/// rule or date.
fn schedules(resource: &str, service_id: &str, s: &Schedule) -> Vec<Value> {
    let notes = s.describe_ja().join("\n");
    let mut out = Vec::new();
    let base = |n: String| {
        let mut o = object(json!({
            "id": stable_uuid(&format!("schedule/{resource}/{n}")),
            "service_id": service_id,
            "timezone": 9,
        }));
        put(&mut o, "notes", Some(notes.clone()));
        o
    };
    for (i, r) in s.rules.iter().enumerate() {
        let mut o = base(format!("rule/{i}"));
        rule_fields(&mut o, r);
        out.push(Value::Object(o));
    }
    for (i, d) in s.dates.iter().enumerate() {
        let mut o = base(format!("date/{i}"));
        let date = d.date.format("%Y-%m-%d").to_string();
        put(&mut o, "valid_from", Some(date.clone()));
        put(&mut o, "valid_to", Some(date.clone()));
        put(&mut o, "dtstart", Some(date));
        put(&mut o, "opens_at", Some(hhmm(d.opens_at)));
        put(&mut o, "closes_at", Some(closes(d.closes_at)));
        put(&mut o, "description", d.description.clone());
        out.push(Value::Object(o));
    }
    if out.is_empty() && !notes.is_empty() {
        let mut o = base("notes".into());
        put(&mut o, "description", Some(notes.clone()));
        out.push(Value::Object(o));
    }
    out
}

fn rule_fields(o: &mut Map<String, Value>, r: &Rule) {
    let freq = match r.freq {
        Freq::Weekly => "WEEKLY",
        Freq::Monthly => "MONTHLY",
    };
    put(o, "freq", Some(freq));
    o.insert("interval".into(), json!(r.interval));
    let days: Vec<String> = r.byday.iter().map(byday).collect();
    put(o, "byday", Some(days.join(",")));
    let monthdays: Vec<String> = r.bymonthday.iter().map(i8::to_string).collect();
    put(o, "bymonthday", Some(monthdays.join(",")));
    put(o, "opens_at", Some(hhmm(r.opens_at)));
    put(o, "closes_at", Some(closes(r.closes_at)));
    put(
        o,
        "valid_from",
        r.valid_from.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    put(
        o,
        "valid_to",
        r.valid_to.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    put(o, "description", r.description.clone());
}

fn location(site: &Site, r: &Resource) -> Option<Map<String, Value>> {
    let f = &r.front;
    let has_address = f.address.as_deref().is_some_and(|a| !a.is_empty());
    if !has_address && f.lat.is_none() {
        return None;
    }
    let id = stable_uuid(&format!("location/{}", r.id));
    let mut l = object(json!({
        "id": id,
        "location_type": "physical",
        "name": f.name,
        "external_identifier": r.id,
        "external_identifier_type": "tsunagu",
    }));
    put(&mut l, "alternate_name", f.name_kana.clone());
    if let (Some(lat), Some(lon)) = (f.lat, f.lon) {
        l.insert("latitude".into(), json!(lat));
        l.insert("longitude".into(), json!(lon));
    }
    if has_address {
        // HSDS requires city and state_province; a Japanese address is kept whole in
        // address_1, so they are present but empty rather than guessed.
        let mut a = object(json!({
            "id": stable_uuid(&format!("address/{}", r.id)),
            "location_id": id,
            "address_1": f.address,
            "city": "",
            "state_province": "",
            "postal_code": f.postal_code.clone().unwrap_or_default(),
            "country": "JP",
            "address_type": "physical",
        }));
        put(
            &mut a,
            "region",
            Some(area_label(&site.config.areas, r.area)),
        );
        l.insert("addresses".into(), json!([a]));
    }
    if let Some(rc) = &site.config.resources {
        let access: Vec<Value> = r
            .accessibility
            .iter()
            .filter_map(|&i| rc.accessibility.get(i))
            .map(|t| {
                let mut o = object(json!({
                    "id": stable_uuid(&format!("accessibility/{}/{}", r.id, t.id)),
                    "location_id": id,
                    "description": t.name,
                }));
                put(&mut o, "details", t.description.clone());
                Value::Object(o)
            })
            .collect();
        put(&mut l, "accessibility", Some(access));
    }
    Some(l)
}
