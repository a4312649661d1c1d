//! The session report and the plan page in a real browser (Debian's chromium, headless):
//! a screenshot that is not blank, the number of printed pages, and no request to
//! anywhere outside the page. Skipped with a note where no chromium is installed
//! (`.ci/run` installs it when it can); `SUPPORTMAP_CHROMIUM` names another browser.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::Sandbox;

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SUPPORTMAP_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let dirs = std::env::var_os("PATH")?;
    std::env::split_paths(&dirs)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name))
        })
        .find(|path| path.is_file())
}

/// Runs the browser headless on `page` with `extra` flags. It resolves no host name, so
/// nothing it asks for could leave the machine, and its net log records what it asked.
fn browse(browser: &Path, work: &Path, page: &Path, extra: &[String]) -> serde_json::Value {
    let log = work.join(format!(
        "net-{}.json",
        page.file_stem().unwrap().to_string_lossy()
    ));
    let out = assert_cmd::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.join("profile").display()
        ))
        .arg(format!("--log-net-log={}", log.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .timeout(Duration::from_secs(120))
        .output()
        .expect("the browser runs");
    assert!(out.status.success(), "{out:?}");
    serde_json::from_str(&std::fs::read_to_string(&log).expect("a net log"))
        .expect("the net log is JSON")
}

/// Every address the page itself asked for (the browser's own background requests are
/// not the page's).
fn requested_by_page(log: &serde_json::Value) -> Vec<String> {
    let start = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    log["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| &e["type"] == start)
        .filter(|e| e["params"]["initiator"] != "not an origin")
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|url| !url.starts_with("file:") && !url.starts_with("data:"))
        .map(str::to_string)
        .collect()
}

/// The share of pixels that are not white, and how many colours there are.
fn ink(png_path: &Path) -> (f64, usize) {
    let file = std::io::BufReader::new(std::fs::File::open(png_path).unwrap());
    let mut reader = png::Decoder::new(file).read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let inked = pixels
        .iter()
        .filter(|p| p[..3].iter().any(|c| *c < 235))
        .count();
    let colours: std::collections::HashSet<&[u8]> = pixels.iter().copied().collect();
    (inked as f64 / pixels.len() as f64, colours.len())
}

/// Pages in a PDF: pdfinfo when installed, otherwise the page objects counted.
fn pages(pdf: &Path) -> usize {
    if let Ok(out) = std::process::Command::new("pdfinfo").arg(pdf).output() {
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            let line = text.lines().find(|l| l.starts_with("Pages:")).unwrap();
            return line[6..].trim().parse().unwrap();
        }
    }
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
}

/// A copy of `page` that prints on `size` paper.
fn on_paper(page: &Path, size: &str) -> PathBuf {
    let html = std::fs::read_to_string(page).unwrap();
    let copy = page.with_file_name(format!("{size}.html"));
    let sized = html.replacen(
        "</head>",
        &format!("<style>@page {{ size: {size}; }}</style>\n</head>"),
        1,
    );
    std::fs::write(&copy, sized).unwrap();
    copy
}

/// Screenshot, printed pages on A4 and Letter, and the page's own requests.
fn check_in_browser(browser: &Path, work: &Path, page: &Path, most_pages: usize) {
    let shot = work.join("shot.png");
    let log = browse(
        browser,
        work,
        page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600".to_string(),
        ],
    );
    let (share, colours) = ink(&shot);
    assert!(
        share > 0.03 && colours > 16,
        "{}: the page looks blank ({share:.3} inked, {colours} colours)",
        page.display()
    );
    assert_eq!(requested_by_page(&log), Vec::<String>::new());
    for size in ["A4", "letter"] {
        let pdf = work.join(format!("{size}.pdf"));
        browse(
            browser,
            work,
            &on_paper(page, size),
            &[
                format!("--print-to-pdf={}", pdf.display()),
                "--no-pdf-header-footer".to_string(),
            ],
        );
        let n = pages(&pdf);
        assert!(
            (1..=most_pages).contains(&n),
            "{} prints on {n} {size} pages",
            page.display()
        );
    }
}

#[test]
fn the_report_and_the_plan_render_print_and_stay_on_the_page() {
    let Some(browser) = chromium() else {
        eprintln!("note: no chromium found; the browser checks of the report and plan are skipped");
        return;
    };
    let s = Sandbox::new();
    std::fs::create_dir_all(s.db.parent().unwrap()).unwrap();
    s.ok(&["demo", "--db", s.db.to_str().unwrap()]);
    s.ok(&["settings", "name", "Maya Rodríguez-Whitfield"]);
    // A fuller plan and card than the demo's, as after a few sessions.
    for n in 1..=6 {
        let line = format!("Another thing that helps, number {n}, written out at some length");
        s.ok(&["plan", "add", "coping", &line]);
    }
    for (name, phone) in [
        ("Pastor Elijah Whitaker", "555-0177"),
        ("Aunt Bea", "555-0178"),
    ] {
        s.ok(&[
            "add",
            name,
            "--category",
            "family",
            "--crisis",
            "--phone",
            phone,
        ]);
    }
    let work = s.dir.path().join("browser");
    std::fs::create_dir_all(&work).unwrap();

    // The check can fail: a page that asks for things elsewhere is caught.
    let control = work.join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><html><body><p>control</p>\
         <img src=\"http://example.invalid/a.png\"/></body></html>",
    )
    .unwrap();
    let log = browse(&browser, &work, &control, &["--dump-dom".to_string()]);
    assert_eq!(
        requested_by_page(&log),
        ["http://example.invalid/a.png"],
        "the net log shows a page's own requests"
    );

    let report = work.join("report.html");
    s.ok(&["report", "--out", report.to_str().unwrap()]);
    check_in_browser(&browser, &work, &report, 2);

    let plan = work.join("plan.html");
    s.ok(&["plan", "export", "--out", plan.to_str().unwrap()]);
    check_in_browser(&browser, &work, &plan, 2);
}
