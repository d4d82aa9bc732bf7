//! ウェブアクセシビリティ方針 and 試験結果: two pages made from `[accessibility]` in
//! config.toml and from the results data file the test command writes
//! (`content/accessibility-results.toml` by default; data files under content/ are read by
//! the build, never published).
//!
//! The results are those of automated tools (axe-core, the Nu HTML checker) and of the
//! keyboard tests in Chromium. Tools cannot decide every WCAG success criterion, so a page
//! that passes is only called 「準拠」 when the config says people have checked the rest
//! (`human_tested = true`); otherwise the honest 表記 is 「一部準拠」, as the JIS X 8341-3
//! 対応度表記ガイドライン asks.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::{AccessibilityConfig, Config};
use crate::content::front_matter::{self, Format};
use crate::diagnostics::{Diagnostic, Diagnostics, Lang, Problem};
use crate::render::{Job, Views, crumb};

/// The results data file, as the test command writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Results {
    /// 試験日.
    #[serde(deserialize_with = "crate::dates::date")]
    pub date: NaiveDate,
    /// The built site that was tested (a folder name, for people reading the file).
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub tools: Vec<Tool>,
    /// Other browser suites (keyboard, reflow …): how many of their tests passed.
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub pages: Vec<PageResult>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub purpose: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub name: String,
    pub passed: u32,
    pub failed: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageResult {
    /// Output path, e.g. `plan/1/index.html`.
    pub url: String,
    #[serde(default)]
    pub title: String,
    /// axe-core violations (WCAG 2.2 A/AA rules).
    pub axe: u32,
    /// Nu HTML checker errors.
    pub vnu: u32,
}

/// Where the results file of this site is, relative to the site folder.
pub fn results_path(a: &AccessibilityConfig) -> PathBuf {
    Path::new("content").join(&a.results)
}

/// Read the results file. Missing: `None`, quietly (the page says that no test has been run
/// yet). Unreadable or malformed: an error with the file and line.
pub fn load(config: &Config, diags: &mut Diagnostics) -> Option<Results> {
    let a = config.accessibility.as_ref()?;
    let rel = results_path(a);
    let bytes = match std::fs::read(config.root.join(&rel)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            diags.push(
                Diagnostic::error(Problem::Unreadable {
                    detail: e.to_string(),
                })
                .in_file(&rel),
            );
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        diags.push(Diagnostic::error(Problem::NotUtf8).in_file(&rel));
        return None;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match front_matter::parse::<Results>(text, 1, Format::Toml) {
        Ok(r) => Some(r),
        Err(d) => {
            // The parser's own message (field, expected type, position), plus a hint.
            let mut e =
                Diagnostic::field_error(d.problem.message(Lang::Ja), d.problem.message(Lang::En));
            e.pos = d.pos;
            e.field = d.field;
            diags.push(e.in_file(&rel).hint(
                "このファイルはテストの実行（bash tests/run.sh）で書き直されます。手で直したときは書き方を確かめるか、ファイルを消してテストをやり直してください。",
                "This file is rewritten by the test command (bash tests/run.sh). Fix it by hand, or delete it and run the tests again.",
            ));
            None
        }
    }
}

/// 表記 of one page or of the whole site.
fn verdict(ok: bool, human_tested: bool) -> &'static str {
    match (ok, human_tested) {
        (true, true) => "準拠",
        (true, false) => "一部準拠",
        (false, _) => "非準拠",
    }
}

#[derive(Serialize)]
struct PageView {
    url: String,
    title: String,
    /// Whether the page still exists in this build (only then it is linked).
    exists: bool,
    axe: u32,
    vnu: u32,
    verdict: &'static str,
}

/// The two pages. Called after every other page is listed, so that a tested page that no
/// longer exists is shown without a link.
pub(crate) fn jobs(v: &Views, jobs: &mut Vec<Job>) {
    let site = v.site;
    let Some(a) = &site.config.accessibility else {
        return;
    };
    let home = crumb("index.html", "ホーム");
    let policy_title = "ウェブアクセシビリティ方針";
    let results_title = "ウェブアクセシビリティ試験結果";

    let mut c = v.base(&a.policy_url(), policy_title, None);
    c.insert("a11y", a);
    c.insert(
        "policy_date",
        &a.policy_date.map(crate::dates::wareki_and_western),
    );
    c.insert("results_url", &a.results_url());
    c.insert(
        "tested_on",
        &site
            .accessibility_results
            .as_ref()
            .map(|r| crate::dates::wareki_and_western(r.date)),
    );
    c.insert("breadcrumbs", &vec![home.clone()]);
    let policy = Job::new(&a.policy_url(), "accessibility.html", c);

    let mut c = v.base(&a.results_url(), results_title, None);
    c.insert("a11y", a);
    c.insert("policy_url", &a.policy_url());
    c.insert(
        "breadcrumbs",
        &vec![home, crumb(&a.policy_url(), policy_title)],
    );
    if let Some(r) = &site.accessibility_results {
        let pages: Vec<PageView> = r
            .pages
            .iter()
            .map(|p| PageView {
                url: p.url.clone(),
                title: p.title.clone(),
                exists: jobs.iter().any(|j| j.url == p.url)
                    || p.url == a.policy_url()
                    || p.url == a.results_url(),
                axe: p.axe,
                vnu: p.vnu,
                verdict: verdict(p.axe == 0 && p.vnu == 0, a.human_tested),
            })
            .collect();
        let clean = pages.iter().filter(|p| p.axe == 0 && p.vnu == 0).count();
        let checks_ok = r.checks.iter().all(|c| c.failed == 0);
        let all_ok = !pages.is_empty() && clean == pages.len() && checks_ok;
        c.insert(
            "results",
            &serde_json::json!({
                "date": crate::dates::wareki_and_western(r.date),
                "datetime": r.date.format("%Y-%m-%d").to_string(),
                "tools": r.tools,
                "checks": r.checks,
                "pages": pages,
                "count": pages.len(),
                "clean": clean,
                "with_problems": pages.len() - clean,
                // The site's 表記: 準拠 needs human testing as well; a site that was tested
                // and falls short somewhere is 一部準拠 (never 配慮: tests were done).
                "overall": if all_ok && a.human_tested { "準拠" } else { "一部準拠" },
                "human_tested": a.human_tested,
            }),
        );
    }
    let results = Job::new(&a.results_url(), "accessibility_results.html", c);
    jobs.push(policy);
    jobs.push(results);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_passing_the_tools_is_only_partly_conformant_without_human_testing() {
        assert_eq!(verdict(true, false), "一部準拠");
        assert_eq!(verdict(true, true), "準拠");
        assert_eq!(verdict(false, true), "非準拠");
    }
}
