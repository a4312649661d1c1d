//! `supportmap map` in every format, and the demo's picture.

mod common;

use common::Sandbox;
use serde_json::Value;

fn sample() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "add",
        "Jo",
        "--category",
        "sponsor",
        "--circle",
        "inner",
        "--crisis",
        "--phone",
        "555",
        "--gives",
        "accountability,advice",
    ]);
    s.ok(&[
        "add",
        "Zoë & \"Ana\" <Ruiz>",
        "--category",
        "friend",
        "--circle",
        "middle",
    ]);
    s.ok(&["add", "陳大文", "--category", "family", "--circle", "outer"]);
    s.ok(&["add", "Dev", "--category", "friend", "--circle", "outer"]);
    s.ok(&["contacts", "pause", "dev"]);
    s.ok(&["add", "Old", "--category", "peer"]);
    s.ok(&["contacts", "archive", "old"]);
    s.ok(&["checkin", "jo", "--at", "2d ago"]);
    s
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).expect("the SVG is well-formed XML")
}

#[test]
fn the_svg_has_rings_sectors_nodes_ties_and_a_legend() {
    let s = sample();
    let svg = s.ok(&["map", "--format", "svg", "--me", "Maya"]);
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id}"))
    };
    assert_eq!(
        by_id("rings")
            .children()
            .filter(|n| n.has_tag_name("circle"))
            .count(),
        3
    );
    let sectors: Vec<_> = by_id("sectors")
        .children()
        .filter(|n| n.is_element())
        .collect();
    assert_eq!(sectors.len(), 7, "one sector per category");
    let empty: Vec<&str> = sectors
        .iter()
        .filter(|n| n.attribute("fill") == Some("url(#nobody)"))
        .filter_map(|n| n.attribute("data-category"))
        .collect();
    assert_eq!(
        empty,
        ["peer", "professional", "community", "spiritual"],
        "archived Old is not drawn"
    );
    // Each sector's name; an empty one says so on a second line.
    let labels: Vec<String> = by_id("sector-labels")
        .children()
        .filter(|n| n.is_element())
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .collect();
    assert!(
        labels.contains(&"spiritual · nobody yet".to_string()),
        "{labels:?}"
    );

    let people: Vec<_> = by_id("supporters")
        .children()
        .filter(|n| n.is_element())
        .collect();
    let names: Vec<&str> = people
        .iter()
        .filter_map(|n| n.attribute("data-name"))
        .collect();
    assert_eq!(names.len(), 4);
    assert!(
        names.contains(&"Zoë & \"Ana\" <Ruiz>"),
        "special characters survive: {names:?}"
    );
    assert!(names.contains(&"陳大文"));
    let jo = people
        .iter()
        .find(|n| n.attribute("data-name") == Some("Jo"))
        .unwrap();
    assert_eq!(jo.attribute("data-crisis"), Some("true"));
    assert!(
        jo.descendants()
            .any(|n| n.attribute("class") == Some("crisis"))
    );
    let title = jo
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert!(title.contains("last contact 2 days ago"), "{title}");

    let ties: Vec<_> = by_id("ties")
        .children()
        .filter(|n| n.is_element())
        .collect();
    assert_eq!(ties.len(), 4);
    for tie in &ties {
        let dashed = tie.attribute("stroke-dasharray").is_some();
        assert_eq!(dashed, tie.attribute("data-status") == Some("paused"));
    }
    let centre = by_id("me")
        .descendants()
        .find(|n| n.has_tag_name("text"))
        .unwrap();
    assert_eq!(centre.text(), Some("Maya"));
    let legend: String = by_id("legend")
        .descendants()
        .filter_map(|n| n.text())
        .collect();
    for word in [
        "Categories",
        "paused",
        "crisis contact",
        "nobody yet",
        "Rings",
    ] {
        assert!(legend.contains(word), "{word} missing from the legend");
    }
    assert!(svg.contains("drawn "), "the date is on the picture");
    assert!(!svg.contains("<script"), "self-contained");
    assert!(!svg.contains("href=\"http"), "no outside files");
}

#[test]
fn the_svg_renders_to_a_picture_that_is_not_blank() {
    let s = sample();
    let svg = s.ok(&["map", "--format", "svg"]);
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
        .expect("resvg reads the SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap.pixels();
    let white = pixels
        .iter()
        .filter(|p| p.red() == 255 && p.green() == 255 && p.blue() == 255)
        .count();
    let distinct: std::collections::HashSet<(u8, u8, u8)> = pixels
        .iter()
        .map(|p| (p.red(), p.green(), p.blue()))
        .collect();
    assert!(
        white < pixels.len() * 95 / 100,
        "mostly blank: {white} of {}",
        pixels.len()
    );
    assert!(distinct.len() > 20, "only {} colours", distinct.len());
}

#[test]
fn dot_is_valid_graphviz_with_the_same_styling() {
    let s = sample();
    let dot = s.ok(&["map", "--format", "dot"]);
    assert!(dot.starts_with("graph supportmap {"), "{dot}");
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
    assert!(dot.contains("subgraph cluster_spiritual"), "{dot}");
    assert!(dot.contains("label=\"spiritual (nobody yet)\""), "{dot}");
    assert!(dot.contains("label=\"Zoë & \\\"Ana\\\" <Ruiz>\""), "{dot}");
    assert!(
        dot.contains("peripheries=2"),
        "crisis contacts are marked: {dot}"
    );
    assert!(
        dot.contains("style=dashed, len=3"),
        "the paused tie is dashed: {dot}"
    );
    assert!(!dot.contains("Old"), "archived supporters are not drawn");
    // Where Graphviz is installed, it must accept the file.
    if let Ok(out) = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(dot.as_bytes())?;
            child.wait_with_output()
        })
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn mermaid_has_a_subgraph_per_category_and_dotted_paused_ties() {
    let s = sample();
    let m = s.ok(&["map", "--format", "mermaid"]);
    assert!(m.starts_with("flowchart LR\n  me((\"me\"))\n"), "{m}");
    assert_eq!(m.matches("  subgraph ").count(), 7);
    assert_eq!(m.matches("\n  end\n").count(), 7);
    assert!(
        m.contains("nobody_spiritual[\"nobody yet\"]:::nobody"),
        "{m}"
    );
    assert!(m.contains("[\"Zoë #38; #34;Ana#34; #60;Ruiz#62;\"]"), "{m}");
    assert_eq!(m.matches(" -.- ").count(), 1, "one paused tie: {m}");
    assert_eq!(m.matches(" --- ").count(), 3);
    assert!(m.contains("class s1 crisis"), "{m}");
}

#[test]
fn json_has_every_field_the_picture_uses() {
    let s = sample();
    let json: Value = serde_json::from_str(&s.ok(&["map", "--format", "json"])).unwrap();
    assert_eq!(
        json,
        serde_json::from_str::<Value>(&s.ok(&["--json", "map"])).unwrap()
    );
    assert_eq!(json["sectors"].as_array().unwrap().len(), 7);
    assert_eq!(json["rings"].as_array().unwrap().len(), 3);
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 4);
    let jo = nodes.iter().find(|n| n["name"] == "Jo").unwrap();
    for field in [
        "id",
        "name",
        "label",
        "role",
        "category",
        "color",
        "circle",
        "status",
        "crisis",
        "crisis_order",
        "gives",
        "last_contact",
        "x",
        "y",
        "angle",
        "font_size",
    ] {
        assert!(jo.get(field).is_some(), "node has no {field}");
    }
    assert_eq!(jo["crisis"], true);
    assert!(jo["last_contact"].is_string());
    let edges = json["edges"].as_array().unwrap();
    let dashed: Vec<&Value> = edges.iter().filter(|e| e["style"] == "dashed").collect();
    assert_eq!(dashed.len(), 1);
    let spiritual = json["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["category"] == "spiritual")
        .unwrap();
    assert_eq!(spiritual["empty"], true);
}

#[test]
fn the_text_map_reads_at_80_columns_and_shows_what_is_missing() {
    let s = sample();
    let out = s.cmd().env("COLUMNS", "80").arg("map").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    assert!(text.contains("╭─ OUTER CIRCLE"), "{text}");
    assert!(text.contains("╭─ INNER CIRCLE"), "{text}");
    assert!(text.contains("( me )"), "{text}");
    assert!(text.contains("+ Jo "), "crisis marker: {text}");
    assert!(text.contains("(Dev)") && text.contains("paused"), "{text}");
    assert!(text.contains("2 days ago"), "{text}");
    assert!(text.contains("○ spiritual: nobody yet"), "{text}");
    assert!(!text.contains("Old"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour without a terminal");

    let coloured = s
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .arg("map")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));

    let by = s.ok(&["map", "--by", "category"]);
    assert!(by.contains("╭─ SPIRITUAL"), "{by}");
    assert!(by.contains("nobody yet"), "{by}");
}

#[test]
fn out_writes_any_format_to_a_private_file() {
    let s = sample();
    for format in ["text", "svg", "dot", "mermaid", "json"] {
        let file = s.dir.path().join(format!("map.{format}"));
        let out = s
            .cmd()
            .args(["map", "--format", format, "--out", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(
            out.stdout.is_empty(),
            "{format} went to the file, not stdout"
        );
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written.len() > 100, "{format}: {written}");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    s.fails(2, &["map", "--format", "png"]);
    s.fails(2, &["map", "--me", " "]);
}

#[test]
fn an_empty_map_still_draws_every_place_and_creates_nothing() {
    let s = Sandbox::new();
    let svg = s.ok(&["map", "--format", "svg"]);
    let doc = parse(&svg);
    let empty = doc
        .descendants()
        .filter(|n| {
            n.attribute("fill") == Some("url(#nobody)") && n.attribute("class") == Some("sector")
        })
        .count();
    assert_eq!(empty, 7);
    assert!(!s.db.exists());
}

#[test]
fn the_demo_shows_the_text_map_and_writes_its_picture() {
    let s = Sandbox::new();
    let file = s.dir.path().join("demo.svg");
    let out = s.ok(&["demo", "--svg", file.to_str().unwrap()]);
    assert!(out.contains("╭─ INNER CIRCLE"), "{out}");
    let svg = std::fs::read_to_string(&file).unwrap();
    let doc = parse(&svg);
    let drawn = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("supporter"))
        .count();
    assert_eq!(drawn, 13, "every active and paused sample supporter");
}

#[test]
fn the_out_files_extension_chooses_the_format_unless_one_is_given() {
    let s = sample();
    for (name, start) in [
        ("m.svg", "<svg"),
        ("m.dot", "graph supportmap {"),
        ("m.mmd", "flowchart"),
        ("m.json", "{"),
        ("m.txt", "Support map"),
    ] {
        let file = s.dir.path().join(name);
        s.ok(&["map", "--out", file.to_str().unwrap()]);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(start), "{name}: {text}");
    }
    let file = s.dir.path().join("plan.html");
    s.ok(&["plan", "export", "--out", file.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // An explicit --format wins over the extension.
    let file = s.dir.path().join("odd.svg");
    s.ok(&["map", "--format", "dot", "--out", file.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("graph supportmap {")
    );
    // --json and another --format ask for different things.
    let err = s.fails(2, &["map", "--json", "--format", "svg"]);
    assert!(
        err.contains("--json and --format svg ask for different things"),
        "{err}"
    );
}

#[test]
fn every_format_draws_tie_quality_as_an_eco_map_does() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor", "--tie", "strong"]);
    s.ok(&["add", "Sam", "--category", "family", "--tie", "stressful"]);
    s.ok(&["add", "Lee", "--category", "friend", "--tie", "tenuous"]);
    s.ok(&["add", "Kim", "--category", "peer"]);
    s.ok(&["add", "Alex", "--category", "family"]);
    s.ok(&["contacts", "avoid", "alex"]);

    let svg = s.ok(&["map", "--format", "svg"]);
    let doc = parse(&svg);
    let ties: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("tie"))
        .collect();
    // Someone the user keeps away from is not drawn at all.
    assert_eq!(ties.len(), 4, "{svg}");
    let tie = |quality: &str| {
        ties.iter()
            .find(|n| n.attribute("data-tie") == Some(quality))
            .unwrap_or_else(|| panic!("no {quality} tie in {svg}"))
    };
    assert_eq!(tie("strong").attribute("stroke-width"), Some("3.5"));
    assert_eq!(tie("steady").attribute("stroke-width"), Some("1.2"));
    assert!(tie("tenuous").attribute("stroke-dasharray").is_some());
    let stressful = tie("stressful");
    assert!(stressful.has_tag_name("path"), "a zig-zag path");
    assert!(stressful.attribute("d").unwrap().matches(" L").count() > 5);
    assert!(!svg.contains(">Alex<"), "{svg}");
    let legend = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("legend"))
        .unwrap();
    let words: Vec<&str> = legend.descendants().filter_map(|n| n.text()).collect();
    for word in ["strong", "steady", "tenuous", "stressful (not counted)"] {
        assert!(
            words.contains(&word),
            "{word} missing from the legend: {words:?}"
        );
    }

    let text = s.ok(&["map"]);
    assert!(text.contains("Sam ~"), "{text}");
    assert!(text.contains("Jo ="), "{text}");
    assert!(text.contains("~ stressful tie (not"), "{text}");
    assert!(!text.contains("Alex"), "{text}");

    let dot = s.ok(&["map", "--format", "dot"]);
    assert!(dot.contains("penwidth=3"), "{dot}");
    assert!(dot.contains("style=dotted"), "{dot}");
    assert!(dot.contains("#a5533c:invis:#a5533c"), "{dot}");
    let mermaid = s.ok(&["map", "--format", "mermaid"]);
    assert!(mermaid.contains(" === "), "{mermaid}");
    assert!(mermaid.contains("-- stressful ---"), "{mermaid}");
    assert!(mermaid.contains("linkStyle"), "{mermaid}");
    let json: Value = serde_json::from_str(&s.ok(&["map", "--json"])).unwrap();
    let ties: Vec<&str> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tie"].as_str().unwrap())
        .collect();
    assert_eq!(ties.len(), 4);
    assert!(ties.contains(&"stressful"));
}

#[test]
fn a_category_set_aside_is_not_drawn_as_missing_and_by_is_only_for_text() {
    let s = Sandbox::new();
    s.ok(&["add", "Jo", "--category", "sponsor"]);
    s.ok(&[
        "gaps",
        "dismiss",
        "category-missing:spiritual",
        "--reason",
        "not for me",
    ]);
    let svg = s.ok(&["map", "--format", "svg"]);
    let doc = parse(&svg);
    let sector = |category: &str| {
        doc.descendants()
            .find(|n| {
                n.attribute("class") == Some("sector")
                    && n.attribute("data-category") == Some(category)
            })
            .unwrap_or_else(|| panic!("a {category} sector in {svg}"))
            .attribute("fill")
            .unwrap()
            .to_string()
    };
    assert_eq!(
        sector("spiritual"),
        "#ffffff",
        "set aside: plain, not hatched"
    );
    assert_eq!(sector("community"), "url(#nobody)", "still nobody yet");
    let text = s.ok(&["map"]);
    assert!(text.contains("○ spiritual: set aside for now"), "{text}");
    assert!(text.contains("○ community: nobody yet"), "{text}");
    assert!(
        s.ok(&["map", "--format", "dot"])
            .contains("spiritual (set aside for now)")
    );

    // --by groups the text map; every other format refuses it rather than ignore it.
    assert!(s.ok(&["map", "--by", "category"]).contains("SPONSOR"));
    for format in ["svg", "dot", "mermaid", "json"] {
        let err = s.fails(2, &["map", "--format", format, "--by", "category"]);
        assert!(err.starts_with("error: --by is for the text map"), "{err}");
    }
}
