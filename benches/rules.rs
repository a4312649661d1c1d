//! Criterion benches for the pure heart of supportmap: the gap rules (`gaps::find`) and
//! the eco-map layout (`layout::layout`), on the demo's network repeated to an everyday
//! size (60 supporters) and to the stress map's (10,000). No database, no process start:
//! what these measure is the domain code alone. Run with `cargo bench --bench rules`;
//! `scripts/bench.sh` times whole commands.

use std::collections::HashMap;
use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use supportmap::domain::Supporter;
use supportmap::domain::gaps::{self, Network};
use supportmap::domain::layout;
use supportmap::domain::plan::Plan;

const SIZES: [usize; 2] = [60, 10_000];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.date_naive()
}

/// The demo network, repeated with numbered names until there are `n` supporters.
fn supporters(n: usize) -> Vec<Supporter> {
    let sample = supportmap::sample::network();
    (0..n)
        .map(|i| {
            let mut profile = sample[i % sample.len()].clone();
            profile.name = format!("{} {i:05}", profile.name);
            Supporter {
                id: i as i64 + 1,
                profile,
                created_at: now() - Duration::days(3650),
                updated_at: now() - Duration::days(30),
            }
        })
        .collect()
}

fn gap_rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("gaps::find");
    for n in SIZES {
        let people = supporters(n);
        let plan = Plan::default();
        // Every third supporter was last in touch 1 to 60 days ago; most had a contact
        // or two in the last month.
        let last: HashMap<i64, DateTime<Utc>> = people
            .iter()
            .filter(|s| s.id % 3 != 0)
            .map(|s| (s.id, now() - Duration::days(s.id % 60 + 1)))
            .collect();
        let recent: HashMap<i64, u32> = people.iter().map(|s| (s.id, (s.id % 4) as u32)).collect();
        let network = Network {
            supporters: &people,
            plan: &plan,
            last_contact: &last,
            recent_checkins: &recent,
            now: now(),
            day_of,
            country: None,
            last_review: None,
        };
        group.bench_with_input(BenchmarkId::from_parameter(n), &network, |b, network| {
            b.iter(|| gaps::find(black_box(network)))
        });
    }
    group.finish();
}

fn map_layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout::layout");
    for n in SIZES {
        let people = supporters(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &people, |b, people| {
            b.iter(|| layout::layout(black_box(people)))
        });
    }
    group.finish();
}

criterion_group!(benches, gap_rules, map_layout);
criterion_main!(benches);
