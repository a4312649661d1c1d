//! Any bytes given to the CSV importer are read or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let now = chrono::Utc::now();
        let _ = supportmap::format::csv::read_supporters(text, now.date_naive(), now);
    }
});
