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

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{area_label, stable_uuid, term_label};
use crate::content::Site;
use crate::content::resource::Resource;
use crate::schedule::{ByDay, Freq, Schedule};

/// The JSON text, pretty-printed. Written straight from the site as it is serialized
/// (each service, location and link is made when its turn comes), so the memory it takes
/// is about the size of the text.
pub fn export(site: &Site) -> String {
    match serde_json::to_vec_pretty(&Document { site }) {
        Ok(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            tracing::error!("resources.json: {e}");
            "{}".into()
        }
    }
}

// Every struct below lists its fields in the byte order of their names, as the sorted
// maps of the `serde_json::Value` this file used to be built from did (the unit test
// `fields_are_in_sorted_order` checks it); a field that is absent or empty is left out.

/// `None`, or an empty text.
fn blank(v: &Option<impl AsRef<str>>) -> bool {
    v.as_ref().is_none_or(|s| s.as_ref().is_empty())
}

/// The whole document; its lists are made while they are written.
struct Document<'a> {
    site: &'a Site,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.site;
        let mut m = serializer.serialize_map(Some(5))?;
        m.serialize_entry("hsds_version", "3.0")?;
        m.serialize_entry(
            "locations",
            &Lazy(|| site.resources.iter().filter_map(|r| location(site, r))),
        )?;
        m.serialize_entry("organizations", &organizations(site))?;
        m.serialize_entry(
            "service_at_locations",
            &Lazy(|| {
                site.resources
                    .iter()
                    .filter(|r| has_location(r))
                    .map(|r| ServiceAtLocation {
                        id: stable_uuid(&format!("service_at_location/{}", r.id)),
                        location_id: stable_uuid(&format!("location/{}", r.id)),
                        service_id: stable_uuid(&format!("service/{}", r.id)),
                    })
            }),
        )?;
        m.serialize_entry(
            "services",
            &Lazy(|| site.resources.iter().map(|r| service(site, r))),
        )?;
        m.end()
    }
}

/// A list written from an iterator made when it is serialized: one item in memory at a
/// time.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator<Item: Serialize>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(serde::Serialize)]
struct Organization<'a> {
    description: &'static str,
    id: String,
    name: &'a str,
}

/// One per distinct operator, in the order they first appear.
fn organizations(site: &Site) -> Vec<Organization<'_>> {
    let mut out: Vec<Organization> = Vec::new();
    for o in site.resources.iter().filter_map(|r| operator(r)) {
        if !out.iter().any(|x| x.name == o) {
            out.push(Organization {
                description: "",
                id: stable_uuid(&format!("organization/{o}")),
                name: o,
            });
        }
    }
    out
}

fn operator(r: &Resource) -> Option<&str> {
    r.front.operator.as_deref().filter(|o| !o.is_empty())
}

#[derive(serde::Serialize)]
struct ServiceAtLocation {
    id: String,
    location_id: String,
    service_id: String,
}

#[derive(serde::Serialize)]
struct Service<'a> {
    #[serde(skip_serializing_if = "blank")]
    alternate_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assured_date: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<Attribute<'a>>,
    #[serde(skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    eligibility_description: String,
    #[serde(skip_serializing_if = "blank")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "blank")]
    fees_description: Option<&'a str>,
    id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    languages: Vec<Language<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    phones: Vec<Phone<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    schedules: Vec<HsdsSchedule>,
    status: &'static str,
    #[serde(skip_serializing_if = "blank")]
    url: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct Language<'a> {
    id: String,
    name: &'a str,
    service_id: String,
}

#[derive(serde::Serialize)]
struct Phone<'a> {
    id: String,
    number: &'a str,
    service_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(serde::Serialize)]
struct Attribute<'a> {
    id: String,
    link_entity: &'static str,
    link_id: String,
    link_type: &'static str,
    taxonomy_term: TaxonomyTerm<'a>,
}

#[derive(serde::Serialize)]
struct TaxonomyTerm<'a> {
    code: &'a str,
    description: &'a str,
    id: String,
    name: &'a str,
}

fn service<'a>(site: &'a Site, r: &'a Resource) -> Service<'a> {
    let f = &r.front;
    let rc = site.config.resources.as_ref();
    let id = stable_uuid(&format!("service/{}", r.id));
    let mut description = r.rendered.text.trim().to_string();
    if let Some(n) = f.notes.as_deref().filter(|n| !n.is_empty()) {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(n);
    }
    let eligibility_description = rc.map_or_else(String::new, |rc| {
        r.audience
            .iter()
            .map(|&i| term_label(&rc.audiences, i))
            .collect::<Vec<_>>()
            .join("、")
    });
    let languages = f
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| Language {
            id: stable_uuid(&format!("language/{}/{i}", r.id)),
            name: l,
            service_id: id.clone(),
        })
        .collect();
    let mut phones = Vec::new();
    for (kind, number) in [("voice", &f.phone), ("fax", &f.fax)] {
        if let Some(n) = number.as_deref().filter(|n| !n.is_empty()) {
            phones.push(Phone {
                id: stable_uuid(&format!("phone/{}/{kind}", r.id)),
                number: n,
                service_id: id.clone(),
                kind,
            });
        }
    }
    let schedules = r
        .schedule
        .as_ref()
        .map(|s| schedules(&r.id, &id, s))
        .unwrap_or_default();
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
            attributes.push(Attribute {
                id: stable_uuid(&format!("attribute/{}/{taxonomy}/{code}", r.id)),
                link_entity: "service",
                link_id: id.clone(),
                link_type: taxonomy,
                taxonomy_term: TaxonomyTerm {
                    code,
                    description: name,
                    id: stable_uuid(&format!("taxonomy_term/{taxonomy}/{code}")),
                    name,
                },
            });
        }
    }
    Service {
        alternate_name: f.name_kana.as_deref(),
        assured_date: f.verified.map(|d| d.format("%Y-%m-%d").to_string()),
        attributes,
        description,
        eligibility_description,
        email: f.email.as_deref(),
        fees_description: f.fee.as_deref(),
        languages,
        name: &f.name,
        organization_id: operator(r).map(|o| stable_uuid(&format!("organization/{o}"))),
        phones,
        schedules,
        status: "active",
        url: f.website.as_deref(),
        id,
    }
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

/// An HSDS schedule: a rule, a one-off date, or the notes alone.
#[derive(serde::Serialize)]
struct HsdsSchedule {
    #[serde(skip_serializing_if = "String::is_empty")]
    byday: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    bymonthday: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    closes_at: Option<String>,
    #[serde(skip_serializing_if = "blank")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dtstart: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    freq: Option<&'static str>,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    interval: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    notes: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    opens_at: Option<String>,
    service_id: String,
    timezone: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_to: Option<String>,
}

/// One HSDS schedule per rule and per one-off date; every one carries the full Japanese
/// description (closures, notes) in `notes`, which is also the only entry when there is no
/// rule or date.
fn schedules(resource: &str, service_id: &str, s: &Schedule) -> Vec<HsdsSchedule> {
    let notes = s.describe_ja().join("\n");
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let base = |n: String| HsdsSchedule {
        byday: String::new(),
        bymonthday: String::new(),
        closes_at: None,
        description: None,
        dtstart: None,
        freq: None,
        id: stable_uuid(&format!("schedule/{resource}/{n}")),
        interval: None,
        notes: notes.clone(),
        opens_at: None,
        service_id: service_id.to_string(),
        timezone: 9,
        valid_from: None,
        valid_to: None,
    };
    let mut out = Vec::new();
    for (i, r) in s.rules.iter().enumerate() {
        out.push(HsdsSchedule {
            freq: Some(match r.freq {
                Freq::Weekly => "WEEKLY",
                Freq::Monthly => "MONTHLY",
            }),
            interval: Some(r.interval),
            byday: r.byday.iter().map(byday).collect::<Vec<_>>().join(","),
            bymonthday: r
                .bymonthday
                .iter()
                .map(i8::to_string)
                .collect::<Vec<_>>()
                .join(","),
            opens_at: Some(hhmm(r.opens_at)),
            closes_at: Some(closes(r.closes_at)),
            valid_from: r.valid_from.map(date),
            valid_to: r.valid_to.map(date),
            description: r.description.clone(),
            ..base(format!("rule/{i}"))
        });
    }
    for (i, d) in s.dates.iter().enumerate() {
        out.push(HsdsSchedule {
            valid_from: Some(date(d.date)),
            valid_to: Some(date(d.date)),
            dtstart: Some(date(d.date)),
            opens_at: Some(hhmm(d.opens_at)),
            closes_at: Some(closes(d.closes_at)),
            description: d.description.clone(),
            ..base(format!("date/{i}"))
        });
    }
    if out.is_empty() && !notes.is_empty() {
        out.push(HsdsSchedule {
            description: Some(notes.clone()),
            ..base("notes".into())
        });
    }
    out
}

#[derive(serde::Serialize)]
struct Location<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    accessibility: Vec<Accessibility<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    addresses: Vec<Address<'a>>,
    #[serde(skip_serializing_if = "blank")]
    alternate_name: Option<&'a str>,
    external_identifier: &'a str,
    external_identifier_type: &'static str,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<f64>,
    location_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<f64>,
    name: &'a str,
    /// 行き方 (`access`): HSDS's "access to public or private transportation".
    #[serde(skip_serializing_if = "blank")]
    transportation: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct Address<'a> {
    address_1: &'a str,
    address_type: &'static str,
    city: &'static str,
    country: &'static str,
    id: String,
    location_id: String,
    postal_code: &'a str,
    #[serde(skip_serializing_if = "String::is_empty")]
    region: String,
    state_province: &'static str,
}

#[derive(serde::Serialize)]
struct Accessibility<'a> {
    description: &'a str,
    #[serde(skip_serializing_if = "blank")]
    details: Option<&'a str>,
    id: String,
    location_id: String,
}

/// The address, when the resource has one (not empty).
fn address(r: &Resource) -> Option<&str> {
    r.front.address.as_deref().filter(|a| !a.is_empty())
}

/// A resource with an address or coordinates has a location.
fn has_location(r: &Resource) -> bool {
    address(r).is_some() || r.front.lat.is_some()
}

fn location<'a>(site: &'a Site, r: &'a Resource) -> Option<Location<'a>> {
    if !has_location(r) {
        return None;
    }
    let f = &r.front;
    let id = stable_uuid(&format!("location/{}", r.id));
    let (latitude, longitude) = match (f.lat, f.lon) {
        (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
        _ => (None, None),
    };
    // HSDS requires city and state_province; a Japanese address is kept whole in
    // address_1, so they are present but empty rather than guessed.
    let addresses = address(r)
        .map(|a| Address {
            address_1: a,
            address_type: "physical",
            city: "",
            country: "JP",
            id: stable_uuid(&format!("address/{}", r.id)),
            location_id: id.clone(),
            postal_code: f.postal_code.as_deref().unwrap_or_default(),
            region: area_label(&site.config.areas, r.area),
            state_province: "",
        })
        .into_iter()
        .collect();
    let accessibility = site
        .config
        .resources
        .iter()
        .flat_map(|rc| {
            r.accessibility
                .iter()
                .filter_map(|&i| rc.accessibility.get(i))
        })
        .map(|t| Accessibility {
            description: &t.name,
            details: t.description.as_deref(),
            id: stable_uuid(&format!("accessibility/{}/{}", r.id, t.id)),
            location_id: id.clone(),
        })
        .collect();
    Some(Location {
        accessibility,
        addresses,
        alternate_name: f.name_kana.as_deref(),
        external_identifier: &r.id,
        external_identifier_type: "tsunagu",
        latitude,
        location_type: "physical",
        longitude,
        name: &f.name,
        transportation: f.access.as_deref(),
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_in_sorted_order() {
        // The text once came from `serde_json::Value` maps, which sort their keys: the
        // typed fields must be declared in that order for the bytes to stay the same.
        fn check(v: &impl Serialize) {
            let direct = serde_json::to_string_pretty(v).unwrap();
            let sorted = serde_json::to_string_pretty(&serde_json::to_value(v).unwrap()).unwrap();
            assert_eq!(direct, sorted);
        }
        let full = HsdsSchedule {
            byday: "MO".into(),
            bymonthday: "1".into(),
            closes_at: Some("17:00".into()),
            description: Some("d".into()),
            dtstart: Some("2025-01-01".into()),
            freq: Some("WEEKLY"),
            id: "i".into(),
            interval: Some(1),
            notes: "n".into(),
            opens_at: Some("09:00".into()),
            service_id: "s".into(),
            timezone: 9,
            valid_from: Some("2025-01-01".into()),
            valid_to: Some("2025-12-31".into()),
        };
        check(&full);
        check(&Service {
            alternate_name: Some("a"),
            assured_date: Some("2025-01-01".into()),
            attributes: vec![Attribute {
                id: "i".into(),
                link_entity: "service",
                link_id: "l".into(),
                link_type: "kind",
                taxonomy_term: TaxonomyTerm {
                    code: "c",
                    description: "d",
                    id: "i".into(),
                    name: "n",
                },
            }],
            description: "d".into(),
            eligibility_description: "e".into(),
            email: Some("e@example.jp"),
            fees_description: Some("f"),
            id: "i".into(),
            languages: vec![Language {
                id: "i".into(),
                name: "n",
                service_id: "s".into(),
            }],
            name: "n",
            organization_id: Some("o".into()),
            phones: vec![Phone {
                id: "i".into(),
                number: "0857-00-0000",
                service_id: "s".into(),
                kind: "voice",
            }],
            schedules: vec![full],
            status: "active",
            url: Some("https://example.jp/"),
        });
        check(&Location {
            accessibility: vec![Accessibility {
                description: "d",
                details: Some("x"),
                id: "i".into(),
                location_id: "l".into(),
            }],
            addresses: vec![Address {
                address_1: "a",
                address_type: "physical",
                city: "",
                country: "JP",
                id: "i".into(),
                location_id: "l".into(),
                postal_code: "680-0000",
                region: "r".into(),
                state_province: "",
            }],
            alternate_name: Some("a"),
            external_identifier: "e",
            external_identifier_type: "tsunagu",
            id: "i".into(),
            latitude: Some(35.5),
            location_type: "physical",
            longitude: Some(134.2),
            name: "n",
            transportation: Some("t"),
        });
        check(&Organization {
            description: "",
            id: "i".into(),
            name: "n",
        });
        check(&ServiceAtLocation {
            id: "i".into(),
            location_id: "l".into(),
            service_id: "s".into(),
        });
    }
}
